import { execFile } from 'node:child_process';

/** A git command that failed; its message carries git's stderr with credentials removed. */
export class GitCommandError extends Error {
  name = 'GitCommandError';

  constructor(
    message: string,
    readonly stdout: string,
    readonly stderr: string,
    readonly timedOut: boolean,
  ) {
    super(message);
  }
}

/** Options of {@link GitCli}. */
export type GitCliOptions = {
  /** Timeout of each git command in milliseconds. */
  timeoutMs: number;
  /** HTTP credentials, sent as an `Authorization` header through git's config environment. */
  auth?: { username: string; token: string };
  /** Aborts running commands (the task was cancelled). */
  signal?: AbortSignal;
};

/**
 * Runs the git CLI with `execFile` (no shell), isolated from the host's git configuration, with a
 * timeout per command. Credentials travel as `http.extraHeader` in `GIT_CONFIG_*` environment
 * variables: never in a URL, never on the command line (which `ps` shows), and every message is
 * scrubbed of them before it leaves this class.
 */
export class GitCli {
  private readonly env: NodeJS.ProcessEnv;
  private readonly secrets: string[];

  constructor(private readonly options: GitCliOptions) {
    const config: Array<[string, string]> = [
      // A server must not redirect the credentials (or the push) to another host.
      ['http.followRedirects', 'false'],
      ['credential.helper', ''],
      ['core.hooksPath', '/dev/null'],
      ['commit.gpgSign', 'false'],
    ];
    this.secrets = [];
    if (options.auth) {
      const basic = Buffer.from(
        `${options.auth.username}:${options.auth.token}`,
      ).toString('base64');
      config.push(['http.extraHeader', `Authorization: Basic ${basic}`]);
      this.secrets.push(basic, options.auth.token);
    }
    this.env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      LANG: 'C',
      LC_ALL: 'C',
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_TERMINAL_PROMPT: '0',
      GIT_ASKPASS: '',
      GIT_ALLOW_PROTOCOL: 'http:https',
      GIT_CONFIG_COUNT: String(config.length),
      ...Object.fromEntries(
        config.flatMap(([key, value], i) => [
          [`GIT_CONFIG_KEY_${i}`, key],
          [`GIT_CONFIG_VALUE_${i}`, value],
        ]),
      ),
    };
  }

  /** Removes every credential (token, its Basic form) from a text. */
  redact(text: string): string {
    return this.secrets.reduce(
      (out, secret) => out.split(secret).join('***'),
      text,
    );
  }

  /**
   * Runs `git <args>` in `cwd`; resolves with stdout and stderr. Extra environment (author
   * identity) is added per call.
   */
  run(
    args: string[],
    cwd?: string,
    extraEnv: Record<string, string> = {},
  ): Promise<{ stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
      execFile(
        'git',
        args,
        {
          cwd,
          env: { ...this.env, ...extraEnv },
          timeout: this.options.timeoutMs,
          killSignal: 'SIGKILL',
          signal: this.options.signal,
          maxBuffer: 16 * 1024 * 1024,
        },
        (error, stdout, stderr) => {
          if (!error) {
            resolve({ stdout, stderr });
            return;
          }
          const timedOut =
            (error as { killed?: boolean }).killed === true &&
            !this.options.signal?.aborted;
          const cleanStderr = this.redact(String(stderr).trim());
          const summary = timedOut
            ? `timed out after ${this.options.timeoutMs} ms`
            : cleanStderr || this.redact(error.message);
          reject(
            new GitCommandError(
              `git ${args[0]} failed: ${summary}`,
              this.redact(String(stdout).trim()),
              cleanStderr,
              timedOut,
            ),
          );
        },
      );
    });
  }
}
