import fs from 'node:fs/promises';
import path from 'node:path';
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  GitCli,
  GitCommandError,
  GitOpsSettings,
} from '@internal/plugin-ops-node';
import { UpstreamError } from '../errors';
import { KeyedMutex } from '../services/KeyedMutex';

/** A file of a commit's tree. */
export interface TreeFile {
  /** Repository path, `/`-separated. */
  path: string;
  blob: string;
  /** Git file mode, e.g. `100644`. */
  mode: string;
}

/** A file's new content for {@link GitOpsRepository.createCommit}. */
export interface FileChange {
  path: string;
  content: string;
  mode: string;
}

/** Options of {@link GitOpsRepository}. */
export interface GitOpsRepositoryOptions {
  /** Directory that holds the cached bare clone; created if needed. */
  workDir: string;
  /** Timeout of each git command in milliseconds. */
  timeoutMs: number;
  /** The git runner; defaults to a {@link GitCli} with the repository's credentials. */
  git?: GitCli;
  /** Where failures are logged with the repository's URL (error messages leave it out). */
  logger?: LoggerService;
}

const MANIFEST = /\.ya?ml$/i;
const BLOB_CACHE_SIZE = 500;

/**
 * The GitOps repository of `opsPortal.gitops` as the traffic editor uses it: a cached shallow
 * bare clone per process that is fetched before every read and save. Reads address commits and
 * blobs by SHA; commits are built with plumbing (a private index, `commit-tree`) so no working
 * tree is ever checked out. Commands that change the clone (init, fetch, object writes, push) run
 * one at a time. Failures are {@link UpstreamError}s naming the GitOps repository without its URL
 * (logged on the server with it).
 */
export class GitOpsRepository {
  private readonly git: GitCli;
  private readonly mutex = new KeyedMutex();
  private readonly clone: string;
  private initialized = false;
  private queuedFetch?: Promise<string>;
  private readonly blobs = new Map<string, string>();

  constructor(
    readonly settings: GitOpsSettings,
    private readonly options: GitOpsRepositoryOptions,
  ) {
    this.git =
      options.git ??
      new GitCli({ timeoutMs: options.timeoutMs, auth: settings.auth });
    this.clone = path.join(options.workDir, 'gitops.git');
  }

  /**
   * Fetches the tracked branch and answers its head commit. Callers that arrive while a fetch is
   * queued share it (it starts after they asked, so it is fresh for each of them).
   */
  fetchHead(): Promise<string> {
    if (!this.queuedFetch) {
      this.queuedFetch = this.exclusive(async () => {
        this.queuedFetch = undefined;
        return this.fetchNow();
      });
    }
    return this.queuedFetch;
  }

  /**
   * The YAML files of a directory at a commit (`dir` relative to the repository root; '' is the
   * root), recursively or not, like an Argo CD directory source.
   */
  async listManifests(
    commit: string,
    dir: string,
    recurse: boolean,
  ): Promise<TreeFile[]> {
    const prefix = dir ? `${dir}/` : '';
    const output = await this.run(
      [
        'ls-tree',
        '-z',
        ...(recurse ? ['-r'] : []),
        commit,
        '--',
        ...(prefix ? [prefix] : []),
      ],
      `listing ${prefix || 'the repository root'} at ${commit.slice(0, 12)}`,
    );
    return output
      .split('\0')
      .filter(Boolean)
      .map(line => {
        const [meta, file] = line.split('\t');
        const [mode, type, blob] = meta.split(' ');
        return { mode, type, blob, path: file };
      })
      .filter(entry => entry.type === 'blob' && MANIFEST.test(entry.path))
      .filter(
        entry => !entry.path.split('/').some(part => part.startsWith('.')),
      )
      .map(({ mode, blob, path: file }) => ({ mode, blob, path: file }));
  }

  /** The blob ids of files at a commit; a missing file has no entry. */
  async fileBlobs(
    commit: string,
    paths: string[],
  ): Promise<Map<string, string>> {
    const output = await this.run(
      ['ls-tree', '-z', commit, '--', ...paths],
      `reading ${paths.join(', ')} at ${commit.slice(0, 12)}`,
    );
    const blobs = new Map<string, string>();
    for (const line of output.split('\0').filter(Boolean)) {
      const [meta, file] = line.split('\t');
      const [, type, blob] = meta.split(' ');
      if (type === 'blob') blobs.set(file, blob);
    }
    return blobs;
  }

  /** A blob's content as UTF-8 text (cached: a blob id names its content for good). */
  async readBlob(blob: string): Promise<string> {
    const cached = this.blobs.get(blob);
    if (cached !== undefined) return cached;
    const text = await this.run(
      ['cat-file', 'blob', blob],
      `reading blob ${blob}`,
    );
    if (this.blobs.size >= BLOB_CACHE_SIZE) {
      this.blobs.delete(this.blobs.keys().next().value!);
    }
    this.blobs.set(blob, text);
    return text;
  }

  /**
   * Creates a commit on `parent` with the files' new contents (no ref moves; push it with
   * {@link GitOpsRepository.push}). Author and committer are `opsPortal.gitops.author`.
   */
  createCommit(options: {
    parent: string;
    files: FileChange[];
    message: string[];
  }): Promise<string> {
    return this.exclusive(async () => {
      const scratch = await fs.mkdtemp(
        path.join(this.options.workDir, 'commit-'),
      );
      try {
        const env = { GIT_INDEX_FILE: path.join(scratch, 'index') };
        await this.run(
          ['read-tree', options.parent],
          'reading the base tree',
          env,
        );
        for (const [i, file] of options.files.entries()) {
          const source = path.join(scratch, `file-${i}`);
          await fs.writeFile(source, file.content);
          const blob = (
            await this.run(
              ['hash-object', '-w', '--no-filters', '--', source],
              `storing ${file.path}`,
            )
          ).trim();
          await this.run(
            [
              'update-index',
              '--cacheinfo',
              `${file.mode},${blob},${file.path}`,
            ],
            `staging ${file.path}`,
            env,
          );
        }
        const tree = (
          await this.run(['write-tree'], 'writing the tree', env)
        ).trim();
        const { name, email } = this.settings.author;
        return (
          await this.run(
            [
              'commit-tree',
              tree,
              '-p',
              options.parent,
              ...options.message.flatMap(paragraph => ['-m', paragraph]),
            ],
            'creating the commit',
            {
              GIT_AUTHOR_NAME: name,
              GIT_AUTHOR_EMAIL: email,
              GIT_COMMITTER_NAME: name,
              GIT_COMMITTER_EMAIL: email,
            },
          )
        ).trim();
      } finally {
        await fs.rm(scratch, { recursive: true, force: true });
      }
    });
  }

  /**
   * Pushes a commit to a branch without force. Answers `rejected` when the branch moved on the
   * server (non-fast-forward); any other failure throws.
   */
  push(commit: string, branch: string): Promise<'pushed' | 'rejected'> {
    return this.exclusive(async () => {
      try {
        await this.git.run(
          [
            'push',
            '--porcelain',
            '--',
            this.settings.repoUrl,
            `${commit}:refs/heads/${branch}`,
          ],
          this.clone,
        );
        return 'pushed';
      } catch (error) {
        if (!(error instanceof GitCommandError)) throw error;
        const output = `${error.stdout}\n${error.stderr}`;
        const refused = output
          .split('\n')
          .filter(line => line.startsWith('!'))
          .map(line => line.split('\t').slice(2).join(' ').trim());
        // Non-fast-forward, or a push that lost the race for the ref lock on the server: either
        // way the branch moved under us.
        const lostRace =
          refused.some(r => /failed to update ref/.test(r)) &&
          /cannot lock ref .* but expected/.test(output);
        if (
          lostRace ||
          refused.some(r => /non-fast-forward|fetch first|stale info/.test(r))
        ) {
          return 'rejected';
        }
        const server = output
          .split('\n')
          .filter(line => line.startsWith('remote:'))
          .map(line => line.slice('remote:'.length).trim())
          .filter(Boolean);
        throw this.failure(
          `push to branch ${branch} was refused${
            refused.length ? ` (${refused.join('; ')})` : ''
          }${server.length ? `: ${server.join(' | ')}` : `: ${error.message}`}`,
        );
      }
    });
  }

  /** The head of a branch on the server, or undefined when it does not exist. */
  async remoteBranchHead(branch: string): Promise<string | undefined> {
    const output = await this.run(
      [
        'ls-remote',
        '--heads',
        '--',
        this.settings.repoUrl,
        `refs/heads/${branch}`,
      ],
      `looking up branch ${branch}`,
    );
    const line = output
      .split('\n')
      .find(l => l.endsWith(`refs/heads/${branch}`));
    return line?.split('\t')[0];
  }

  /** Removes the cached clone. */
  async dispose(): Promise<void> {
    await fs.rm(this.clone, { recursive: true, force: true });
  }

  private async fetchNow(): Promise<string> {
    await this.init();
    const { repoUrl, branch } = this.settings;
    await this.run(
      [
        'fetch',
        '--quiet',
        '--no-tags',
        '--depth',
        '1',
        '--',
        repoUrl,
        `+refs/heads/${branch}:${this.trackingRef}`,
      ],
      `fetching branch ${branch}`,
    );
    return (
      await this.run(
        ['rev-parse', '--verify', `${this.trackingRef}^{commit}`],
        `resolving branch ${branch}`,
      )
    ).trim();
  }

  private get trackingRef(): string {
    return `refs/remotes/origin/${this.settings.branch}`;
  }

  private async init(): Promise<void> {
    // A temp-dir cleaner may remove the cache clone under a long-running backend: start over.
    if (this.initialized && (await exists(this.clone))) return;
    await fs.mkdir(this.options.workDir, { recursive: true });
    await this.run(
      ['init', '--quiet', '--bare', this.clone],
      'creating the cache clone',
    );
    // Objects of our own commits are unreachable until pushed; never let an automatic gc prune them.
    await this.run(['config', 'gc.auto', '0'], 'configuring the cache clone');
    this.initialized = true;
  }

  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    return this.mutex.run('repository', task);
  }

  private async run(
    args: string[],
    operation: string,
    env: Record<string, string> = {},
  ): Promise<string> {
    try {
      const cwd = args[0] === 'init' ? undefined : this.clone;
      return (await this.git.run(args, cwd, env)).stdout;
    } catch (error) {
      if (error instanceof GitCommandError) {
        throw this.failure(`${operation} failed: ${error.message}`);
      }
      throw error;
    }
  }

  private failure(message: string): UpstreamError {
    this.options.logger?.warn(
      `Traffic editor: GitOps repository ${this.settings.repoUrl}: ${message}`,
    );
    return new UpstreamError(`GitOps repository: ${message}`);
  }
}

async function exists(dir: string): Promise<boolean> {
  try {
    await fs.access(dir);
    return true;
  } catch {
    return false;
  }
}
