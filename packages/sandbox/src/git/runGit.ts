import { execFile } from 'node:child_process';

/** Options for {@link runGit}. */
export interface RunGitOptions {
  cwd?: string;
  env?: Record<string, string>;
}

function gitEnv(options: RunGitOptions) {
  return {
    ...process.env,
    // A developer's global git config (signing, hooks, default branch) must not leak in.
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_TERMINAL_PROMPT: '0',
    ...options.env,
  };
}

function failure(args: string[], stderr: string | Buffer, error: Error) {
  return new Error(
    `git ${args.join(' ')} failed: ${String(stderr).trim() || error.message}`,
  );
}

/** Runs the `git` CLI and resolves with its stdout; rejects with stderr in the message. */
export function runGit(
  args: string[],
  options: RunGitOptions = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      args,
      { cwd: options.cwd, env: gitEnv(options), maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) {
          reject(failure(args, stderr, error));
          return;
        }
        resolve(stdout);
      },
    );
  });
}

/** Like {@link runGit}, but resolves with stdout as bytes (file content that may not be text). */
export function runGitForBytes(
  args: string[],
  options: RunGitOptions = {},
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      args,
      {
        cwd: options.cwd,
        env: gitEnv(options),
        maxBuffer: 64 * 1024 * 1024,
        encoding: 'buffer',
      },
      (error, stdout, stderr) => {
        if (error) {
          reject(failure(args, stderr, error));
          return;
        }
        resolve(stdout);
      },
    );
  });
}
