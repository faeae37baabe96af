import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  GitCli,
  GitCommandError,
  GitOpsSettings,
} from '@internal/plugin-ops-node';
import { ConflictError } from '@backstage/errors';
import { SourceFile } from './sourceFiles';
import {
  GitOpsServiceState,
  readServiceStateFromWorkTree,
} from './serviceState';

/** What to publish. */
export type PublishRequest = {
  files: SourceFile[];
  /** Branch the files are pushed to (`main`, or `scaffolder/<service>` in branch mode). */
  targetBranch: string;
  commitMessage: string;
  /** Repository path that must exist after the files are copied in. */
  catalogInfoPath: string;
  /** Entity ref of the user who ran the template, recorded as a commit trailer. */
  requestedBy?: string;
  /**
   * Checked against what the cloned branch holds for the service before anything is copied in:
   * returns why the files must not be overwritten, or undefined.
   */
  guard?: {
    serviceName: string;
    check: (state: GitOpsServiceState) => string | undefined;
  };
};

/** What {@link GitOpsPublisher.publish} did. */
export type PublishResult = {
  /** The new commit, or the branch head when nothing changed. */
  commitHash: string;
  /** The branch that holds the files. */
  branch: string;
  changed: boolean;
  /** Repository paths that differed from the branch, in commit order. */
  changedFiles: string[];
};

/** The server refused the push; the remote is unchanged. */
export class PushRejectedError extends Error {
  name = 'PushRejectedError';
}

const DEFAULT_TIMEOUT_MS = 120_000;

/**
 * Publishes a directory of files to the configured GitOps repository with the git CLI: clone the
 * branch, copy the files in, commit only when something changed, push that one ref atomically.
 * It only ever talks to `settings.repoUrl`; inputs choose paths and the message, never the remote.
 */
export class GitOpsPublisher {
  private readonly git: GitCli;

  constructor(
    private readonly settings: GitOpsSettings,
    options: { timeoutMs?: number; signal?: AbortSignal } = {},
  ) {
    this.git = new GitCli({
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      auth: settings.auth,
      signal: options.signal,
    });
  }

  /** Publishes the files; see the class description. */
  async publish(request: PublishRequest): Promise<PublishResult> {
    const { repoUrl, branch: baseBranch } = this.settings;
    const heads = await this.remoteHeads([baseBranch, request.targetBranch]);
    if (!heads.has(baseBranch)) {
      throw new Error(
        `GitOps repository ${repoUrl} has no branch '${baseBranch}'`,
      );
    }
    const startBranch = heads.has(request.targetBranch)
      ? request.targetBranch
      : baseBranch;
    const workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'ops-gitops-'));
    try {
      const repo = path.join(workDir, 'repo');
      await this.git.run([
        'clone',
        '--quiet',
        '--no-tags',
        '--depth',
        '1',
        '--single-branch',
        '--branch',
        startBranch,
        '--',
        repoUrl,
        repo,
      ]);
      if (request.guard) {
        const state = await readServiceStateFromWorkTree(
          repo,
          request.guard.serviceName,
          startBranch,
        );
        const problem = request.guard.check(state);
        if (problem) {
          throw new ConflictError(
            `${problem}; nothing was pushed. Choose another service name.`,
          );
        }
      }
      await copyInto(repo, request.files);
      if (!(await exists(path.join(repo, request.catalogInfoPath)))) {
        throw new Error(
          `catalogInfoPath '${request.catalogInfoPath}' is neither among the published files nor in branch '${startBranch}'`,
        );
      }
      await this.git.run(
        ['add', '--all', '--', ...request.files.map(f => f.repoPath)],
        repo,
      );
      const diff = await this.git.run(
        ['diff', '--cached', '--name-only'],
        repo,
      );
      const changedFiles = diff.stdout.split('\n').filter(Boolean);
      if (changedFiles.length === 0) {
        return {
          commitHash: await this.head(repo),
          branch: startBranch,
          changed: false,
          changedFiles,
        };
      }
      const { name, email } = this.settings.author;
      const trailer = request.requestedBy
        ? ['-m', `Requested-by: ${request.requestedBy}`]
        : [];
      await this.git.run(
        [
          'commit',
          '--quiet',
          '--no-verify',
          '-m',
          request.commitMessage,
          ...trailer,
        ],
        repo,
        {
          GIT_AUTHOR_NAME: name,
          GIT_AUTHOR_EMAIL: email,
          GIT_COMMITTER_NAME: name,
          GIT_COMMITTER_EMAIL: email,
        },
      );
      const commitHash = await this.head(repo);
      await this.push(repo, request.targetBranch);
      return {
        commitHash,
        branch: request.targetBranch,
        changed: true,
        changedFiles,
      };
    } finally {
      await fs.rm(workDir, { recursive: true, force: true });
    }
  }

  private async remoteHeads(branches: string[]): Promise<Set<string>> {
    const { stdout } = await this.git.run([
      'ls-remote',
      '--heads',
      '--',
      this.settings.repoUrl,
      ...branches.map(b => `refs/heads/${b}`),
    ]);
    return new Set(
      stdout
        .split('\n')
        .map(line => line.split('\t')[1]?.replace(/^refs\/heads\//, ''))
        .filter((b): b is string => Boolean(b)),
    );
  }

  private async head(repo: string): Promise<string> {
    return (await this.git.run(['rev-parse', 'HEAD'], repo)).stdout.trim();
  }

  private async push(repo: string, branch: string): Promise<void> {
    try {
      await this.git.run(
        [
          'push',
          '--porcelain',
          '--atomic',
          this.settings.repoUrl,
          `HEAD:refs/heads/${branch}`,
        ],
        repo,
      );
    } catch (error) {
      if (error instanceof GitCommandError) {
        throw describePushFailure(error, this.settings.repoUrl, branch);
      }
      throw error;
    }
  }
}

/** Turns git's push output into one message: the refused ref, the reason and the server's words. */
function describePushFailure(
  error: GitCommandError,
  repoUrl: string,
  branch: string,
): Error {
  const output = `${error.stdout}\n${error.stderr}`.split('\n');
  const refused = output
    .filter(line => line.startsWith('!'))
    .map(line => line.split('\t').slice(2).join(' ').trim())
    .filter(Boolean);
  const server = output
    .filter(line => line.startsWith('remote:'))
    .map(line => line.slice('remote:'.length).trim())
    .filter(Boolean);
  if (refused.length === 0) {
    return new Error(
      `Push of branch '${branch}' to ${repoUrl} failed: ${error.message}`,
    );
  }
  const hint = refused.some(r => /fetch first|non-fast-forward/.test(r))
    ? ' The branch moved since it was cloned; run the template again.'
    : '';
  return new PushRejectedError(
    `Push of branch '${branch}' to ${repoUrl} was rejected: ${refused.join(
      '; ',
    )}${
      server.length ? `. Server said: ${server.join(' | ')}` : ''
    }.${hint} Nothing was changed in the repository.`,
  );
}

async function exists(file: string): Promise<boolean> {
  return fs.lstat(file).then(
    () => true,
    () => false,
  );
}

/** Copies the files into the clone, refusing to write through a symbolic link of the repository. */
async function copyInto(repo: string, files: SourceFile[]): Promise<void> {
  const root = await fs.realpath(repo);
  for (const file of files) {
    const dest = path.join(repo, ...file.repoPath.split('/'));
    await fs.mkdir(path.dirname(dest), { recursive: true });
    const parent = await fs.realpath(path.dirname(dest));
    const existing = await fs.lstat(dest).catch(() => undefined);
    if (
      !`${parent}${path.sep}`.startsWith(`${root}${path.sep}`) ||
      existing?.isSymbolicLink()
    ) {
      throw new Error(
        `Refusing to publish '${file.repoPath}': the repository has a symbolic link on that path`,
      );
    }
    await fs.copyFile(file.absolutePath, dest);
  }
}
