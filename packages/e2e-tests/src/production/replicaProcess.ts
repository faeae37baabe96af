import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { poll, PollGiveUp } from '../harness/poll';

/** How a replica is started: the production build, its environment, its port. */
export interface ReplicaLaunch {
  /** The production build (packages/backend/scripts/build-production.sh). */
  dir: string;
  /** The whole environment of the process (nothing else of the caller's is passed). */
  env: Record<string, string>;
  port: number;
  logDir: string;
}

/**
 * One replica of the production backend, started as the image starts it (`node packages/backend
 * --config app-config.yaml --config app-config.production.yaml`) in its own process group, output
 * in `<logDir>/<name>.log` (appended to across restarts). Stopped by its PID: `terminate` (SIGTERM,
 * the graceful path a pod gets) or `kill` (SIGKILL, a crash); both wait until it has exited.
 */
export class ReplicaProcess {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  readonly url: string;
  readonly logFile: string;

  constructor(readonly name: string, private readonly launch: ReplicaLaunch) {
    this.url = `http://127.0.0.1:${launch.port}`;
    mkdirSync(launch.logDir, { recursive: true });
    this.logFile = join(launch.logDir, `${name}.log`);
    openSync(this.logFile, 'w');
  }

  get running(): boolean {
    return (
      !!this.child &&
      this.child.exitCode === null &&
      this.child.signalCode === null
    );
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts the process (it must not be running). */
  start(): void {
    if (this.running) throw new Error(`${this.name} is already running`);
    const log = createWriteStream(this.logFile, { flags: 'a' });
    const child = spawn(
      'node',
      [
        'packages/backend',
        '--config',
        'app-config.yaml',
        '--config',
        'app-config.production.yaml',
      ],
      {
        cwd: this.launch.dir,
        env: { ...this.launch.env },
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    this.exited = new Promise(resolve => child.once('exit', () => resolve()));
    this.child = child;
  }

  /** Waits until its readiness endpoint answers 200; fails at once if the process exits. */
  async waitReady(timeoutMs = 300_000): Promise<void> {
    await poll(
      `${this.name} to be ready`,
      async () => {
        if (!this.running)
          throw new PollGiveUp(`${this.name} exited, see ${this.logFile}`);
        const res = await fetch(
          `${this.url}/.backstage/health/v1/readiness`,
        ).catch(() => undefined);
        return res?.status === 200 ? true : undefined;
      },
      { timeoutMs, intervalMs: 500 },
    );
  }

  /** SIGTERM to the process group; waits for the exit (SIGKILL after `graceMs`). */
  async terminate(graceMs = 60_000): Promise<void> {
    if (!this.running) return;
    this.signal('SIGTERM');
    const timer = setTimeout(() => this.signal('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  /** SIGKILL to the process group, as a crash or an OOM kill; waits for the exit. */
  async kill(): Promise<void> {
    if (!this.running) return;
    this.signal('SIGKILL');
    await this.exited;
  }

  /** The log so far (every start of this replica). */
  log(): string {
    return readFileSync(this.logFile, 'utf8');
  }

  private signal(signal: NodeJS.Signals) {
    try {
      process.kill(-this.child!.pid!, signal);
    } catch {
      // already gone
    }
  }
}
