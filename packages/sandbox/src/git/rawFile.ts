import { IncomingMessage, ServerResponse } from 'node:http';
import { runGit, runGitForBytes } from './runGit';

/** Where a raw file request points: a branch of a repository and a file path in it. */
export interface RawFileTarget {
  repository: string;
  /** The path segments after `/raw/`: a branch name (may contain `/`) followed by the file path. */
  refAndPath: string[];
}

/** Thrown for a raw request whose path cannot name a file (traversal, absolute, NUL). */
class InvalidRawPathError extends Error {}

/**
 * Splits `/<repository>[.git]/raw/<branch>/<path>` into its parts, or returns undefined when the
 * URL is not a raw request. The path is percent-decoded and checked component by component, so
 * `..`, `.`, empty components (an absolute path) and NUL are refused rather than normalised away.
 */
export function parseRawFileUrl(rawUrl: string): RawFileTarget | undefined {
  const pathname = rawUrl.split('?')[0];
  const match = /^\/([\w.-]+?)(?:\.git)?\/raw(?:\/(.*))?$/.exec(pathname);
  if (!match) {
    return undefined;
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(match[2] ?? '');
  } catch {
    throw new InvalidRawPathError('the path is not valid percent-encoding');
  }
  const components = decoded.split('/');
  const invalid = components.find(
    c => c === '' || c === '.' || c === '..' || c.includes('\0'),
  );
  if (invalid !== undefined || components.length < 2) {
    throw new InvalidRawPathError(
      'the path must be <branch>/<file> without empty, "." or ".." components or NUL',
    );
  }
  return { repository: match[1], refAndPath: components };
}

async function branchesOf(repoPath: string): Promise<string[]> {
  const refs = await runGit([
    '-C',
    repoPath,
    'for-each-ref',
    '--format=%(refname)',
    'refs/heads/',
  ]);
  return refs
    .split('\n')
    .filter(Boolean)
    .map(ref => ref.slice('refs/heads/'.length));
}

/**
 * Reads one file at the head of a branch: the longest branch name that is a prefix of the path
 * wins (branches may contain `/`). Resolves with the blob's SHA and content, or undefined when
 * the branch, the file or a file (rather than a directory) at that path does not exist.
 */
export async function readFileAtBranch(
  repoPath: string,
  refAndPath: string[],
): Promise<{ sha: string; content: Buffer } | undefined> {
  const branches = new Set(await branchesOf(repoPath));
  for (let split = refAndPath.length - 1; split >= 1; split--) {
    const branch = refAndPath.slice(0, split).join('/');
    if (!branches.has(branch)) {
      continue;
    }
    const object = `refs/heads/${branch}:${refAndPath.slice(split).join('/')}`;
    const type = await runGit(['-C', repoPath, 'cat-file', '-t', object]).catch(
      () => '',
    );
    if (type.trim() !== 'blob') {
      return undefined;
    }
    const sha = (
      await runGit(['-C', repoPath, 'rev-parse', '--verify', object])
    ).trim();
    const content = await runGitForBytes(['-C', repoPath, 'show', object]);
    return { sha, content };
  }
  return undefined;
}

function sendText(res: ServerResponse, status: number, text: string) {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.end(text);
}

/**
 * Serves `GET /<repository>/raw/<branch>/<path>` like a git host's raw file URL: the file's bytes
 * as `text/plain`, an ETag (the blob SHA) honoured by `If-None-Match`, 404 for a missing
 * repository, branch or file, 400 for a path that tries to leave the repository.
 * Resolves with false when the request is not a raw file request.
 */
export async function serveRawFile(
  req: IncomingMessage,
  res: ServerResponse,
  repoPathOf: (repository: string) => string | undefined,
): Promise<boolean> {
  let target: RawFileTarget | undefined;
  try {
    target = parseRawFileUrl(req.url ?? '/');
  } catch (error) {
    if (error instanceof InvalidRawPathError) {
      sendText(res, 400, `400: Bad Request: ${error.message}\n`);
      return true;
    }
    throw error;
  }
  if (!target) {
    return false;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    sendText(res, 405, '405: Method Not Allowed\n');
    return true;
  }
  const repoPath = repoPathOf(target.repository);
  const file = repoPath
    ? await readFileAtBranch(repoPath, target.refAndPath)
    : undefined;
  if (!file) {
    sendText(res, 404, '404: Not Found\n');
    return true;
  }
  const etag = `"${file.sha}"`;
  res.setHeader('ETag', etag);
  res.setHeader('Cache-Control', 'no-cache');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  if (req.headers['if-none-match'] === etag) {
    res.statusCode = 304;
    res.end();
    return true;
  }
  res.statusCode = 200;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Content-Length', file.content.length);
  res.end(req.method === 'HEAD' ? undefined : file.content);
  return true;
}
