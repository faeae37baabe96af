import { spawn, ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A child process started in its own process group, with output captured to a log file, and stopped by
 * its PID (the whole group, so `yarn` wrappers take their children with them).
 */
export class ManagedProcess {
  private exited: Promise<number | null>;

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
    readonly logFile: string,
  ) {
    this.exited = new Promise(resolve =>
      child.on('exit', code => resolve(code)),
    );
  }

  static start(
    name: string,
    command: string,
    args: string[],
    options: {
      cwd: string;
      env?: NodeJS.ProcessEnv;
      /** The child gets `env` only, not this process's environment (default: both). */
      cleanEnv?: boolean;
      logDir: string;
    },
  ): ManagedProcess {
    mkdirSync(options.logDir, { recursive: true });
    const logFile = join(options.logDir, `${name}.log`);
    // Truncated before the process starts, so a reader never sees the previous run's log.
    const log = createWriteStream(logFile, { fd: openSync(logFile, 'w') });
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.cleanEnv
        ? { ...options.env }
        : { ...process.env, ...options.env },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    return new ManagedProcess(name, child, logFile);
  }

  get pid(): number {
    return this.child.pid!;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Stops the process group by PID: SIGTERM, then SIGKILL after `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    if (!this.running) return;
    const signalGroup = (signal: NodeJS.Signals) => {
      try {
        process.kill(-this.pid, signal);
      } catch {
        // already gone
      }
    };
    signalGroup('SIGTERM');
    const timer = setTimeout(() => signalGroup('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}
