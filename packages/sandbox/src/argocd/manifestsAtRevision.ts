import { parseAllDocuments } from 'yaml';
import { KubeObject } from '../cluster/types';
import { runGit } from '../git/runGit';

const MANIFEST_FILE = /\.(ya?ml|json)$/i;

/** Resolves a branch, tag or commit to a full commit SHA, as Argo CD's repo server does. */
export async function resolveRevision(
  repoPath: string,
  revision: string,
): Promise<string> {
  const ref = !revision || revision === 'HEAD' ? 'HEAD' : revision;
  const sha = await runGit([
    '-C',
    repoPath,
    'rev-parse',
    '--verify',
    '--quiet',
    `${ref}^{commit}`,
  ]).catch(() => '');
  if (!sha.trim()) {
    throw new Error(`unable to resolve '${revision}' to a commit SHA`);
  }
  return sha.trim();
}

/** One manifest read from Git, with the file it came from (for error messages). */
export interface SourceManifest {
  file: string;
  object: KubeObject;
}

/**
 * Reads every YAML/JSON document under `dir` at a commit (recursively, like Argo CD's plain
 * directory source with `recurse`). Commits are immutable, so results are cached per commit + dir.
 */
export class ManifestReader {
  private readonly cache = new Map<string, Promise<SourceManifest[]>>();

  constructor(private readonly maxEntries = 64) {}

  read(repoPath: string, sha: string, dir: string): Promise<SourceManifest[]> {
    const key = `${repoPath}\0${sha}\0${dir}`;
    let entry = this.cache.get(key);
    if (!entry) {
      entry = readManifestsAtCommit(repoPath, sha, dir);
      entry.catch(() => this.cache.delete(key));
      if (this.cache.size >= this.maxEntries) {
        this.cache.delete(this.cache.keys().next().value!);
      }
      this.cache.set(key, entry);
    }
    return entry;
  }

  /** Drops what was read from one repository (a hard refresh regenerates the manifests). */
  forget(repoPath: string): void {
    for (const key of [...this.cache.keys()]) {
      if (key.startsWith(`${repoPath}\0`)) {
        this.cache.delete(key);
      }
    }
  }
}

async function readManifestsAtCommit(
  repoPath: string,
  sha: string,
  dir: string,
): Promise<SourceManifest[]> {
  const prefix = dir.replace(/^\.?\/+/, '').replace(/\/+$/, '');
  const listing = await runGit([
    '-C',
    repoPath,
    'ls-tree',
    '-r',
    '--name-only',
    sha,
    '--',
    prefix ? `${prefix}/` : '.',
  ]);
  const files = listing
    .split('\n')
    .filter(file => MANIFEST_FILE.test(file))
    .sort();
  const manifests: SourceManifest[] = [];
  for (const file of files) {
    const content = await runGit(['-C', repoPath, 'show', `${sha}:${file}`]);
    for (const document of parseAllDocuments(content)) {
      if (document.errors.length > 0) {
        throw new Error(`${file}: ${document.errors[0].message}`);
      }
      const object = document.toJS();
      if (object === null || object === undefined) {
        continue;
      }
      if (
        typeof object !== 'object' ||
        !object.apiVersion ||
        !object.kind ||
        !object.metadata?.name
      ) {
        throw new Error(
          `${file}: every document needs apiVersion, kind and metadata.name`,
        );
      }
      manifests.push({ file, object });
    }
  }
  return manifests;
}

/** What Argo CD's `revisions/{revision}/metadata` endpoint returns. */
export interface RevisionMetadata {
  author: string;
  date: string;
  message: string;
  tags?: string[];
}

/** Reads author, date, message and tags of one commit (`git log -1`). */
export async function readRevisionMetadata(
  repoPath: string,
  revision: string,
): Promise<RevisionMetadata> {
  const sha = await resolveRevision(repoPath, revision);
  const raw = await runGit([
    '-C',
    repoPath,
    'log',
    '-1',
    '--format=%an <%ae>%x00%aI%x00%B',
    sha,
  ]);
  const [author, date, message] = raw.split('\0');
  const tags = (await runGit(['-C', repoPath, 'tag', '--points-at', sha]))
    .split('\n')
    .filter(Boolean);
  return {
    author,
    date,
    message: message.replace(/\n+$/, ''),
    ...(tags.length > 0 ? { tags } : {}),
  };
}
