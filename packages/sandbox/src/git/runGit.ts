import { execFile } from 'node:child_process';

/** Options for {@link runGit}. */
export interface RunGitOptions {
  cwd?: string;
  env?: Record<string, string>;
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
      {
        cwd: options.cwd,
        // A developer's global git config (signing, hooks, default branch) must not leak in.
        env: {
          ...process.env,
          GIT_CONFIG_NOSYSTEM: '1',
          GIT_CONFIG_GLOBAL: '/dev/null',
          GIT_TERMINAL_PROMPT: '0',
          ...options.env,
        },
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        if (error) {
          reject(
            new Error(
              `git ${args.join(' ')} failed: ${stderr.trim() || error.message}`,
            ),
          );
          return;
        }
        resolve(stdout);
      },
    );
  });
}
