import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import { freePorts } from './freePorts';
import {
  ProcessEntry,
  ProcessMemory,
  descendants,
  groupMembers,
  isListed,
  isRunning,
  memoryOf,
} from './processTable';

/** A user to run a server as, through `setpriv` (e.g. Elasticsearch refuses to run as root). */
export interface RunAs {
  uid: number;
  gid: number;
}

/** `nobody:nogroup`. */
export const NOBODY: RunAs = { uid: 65534, gid: 65534 };

/** The `setpriv` arguments that run the command after them as `user`, without supplementary groups. */
export function setprivArgs(user: RunAs): string[] {
  return [`--reuid=${user.uid}`, `--regid=${user.gid}`, '--clear-groups', '--'];
}

/** How to run one attempt of a server, made for the ports of that attempt. */
export interface LaunchSpec {
  command: string;
  args: string[];
  cwd?: string;
  /** The whole environment of the process (nothing is inherited unless passed). */
  env: NodeJS.ProcessEnv;
  /** stdout and stderr are appended to this file. */
  logFile: string;
  /** Further log files the server writes, read for failure messages and port-taken detection. */
  extraLogFiles?: string[];
  /** Run as this user through `setpriv`. */
  runAs?: RunAs;
  /** True once the server answers as ready; a throw counts as "not yet" (its message is kept). */
  ready: () => Promise<boolean>;
  /** Removes what the launch made (work folders), once the processes have ended. */
  cleanup?: () => void;
}

/** Options of {@link ManagedServer.start}. */
export interface ManagedServerOptions {
  /** For messages, e.g. `Keycloak 26.7.3`. */
  name: string;
  /** How many distinct free 127.0.0.1 ports each attempt gets. */
  ports: number;
  /** Makes the launch of an attempt for its fresh ports. */
  launch: (
    ports: number[],
    attempt: number,
  ) => LaunchSpec | Promise<LaunchSpec>;
  /** How long to wait for `ready`. */
  readyTimeoutMs: number;
  /** How long `stop()` waits after SIGTERM before SIGKILL. */
  stopGraceMs: number;
  /** Attempts when a port was taken between the probe and the bind. Default 3. */
  attempts?: number;
  /** What a server logs when its port is taken. Default: the JVM's and Go's messages, Quarkus's. */
  portTaken?: RegExp;
  /** Between two readiness probes. Default 250 ms. */
  pollMs?: number;
}

/** What {@link ManagedServer.stop} ended. */
export interface StopResult {
  /** From SIGTERM until every process had ended and the leader was reaped. */
  stopMs: number;
  /** The processes that were running when the stop began (the group and the leader's descendants). */
  ended: ProcessEntry[];
  /** Whether SIGTERM was not enough. */
  killed: boolean;
}

export const DEFAULT_PORT_TAKEN =
  /address already in use|port already bound|BindException/i;

const LOG_TAIL_LINES = 40;
const KILL_WAIT_MS = 10_000;
const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/** Raised by an attempt whose server exited or timed out; `log` is the whole log, for port-taken. */
class AttemptFailed extends Error {
  constructor(message: string, readonly log: string) {
    super(message);
  }
}

function readFile(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function lastLines(text: string, lines: number): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/**
 * One server process of the real-infrastructure suite, started and stopped the same way for
 * every server: on fresh free 127.0.0.1 ports, in its own process group (optionally as another
 * user through `setpriv`), with stdout/stderr in a log file. A start waits until `ready` answers
 * true, fails with the log's last lines when the process exits first or the wait times out, and
 * starts again on fresh ports (up to `attempts`) when the log says a port was taken between the
 * probe and the bind. {@link stop} sends SIGTERM to the group, SIGKILL after the grace period
 * (the leader's followers first, so a leader that waits for its children reaps them), and
 * returns only once no process of the group or below the leader runs and Node has reaped the
 * leader, so no zombie of it is left. An exit hook kills the group should the test process end
 * without a stop.
 */
export class ManagedServer {
  private exitedWith: string | undefined;
  /** Resolves once the leader has exited and been reaped. */
  private readonly exit: Promise<void>;
  private stopping: Promise<StopResult> | undefined;
  private readonly exitHook = () => this.signalGroup('SIGKILL');

  private constructor(
    readonly name: string,
    /** The ports this (successful) attempt got. */
    readonly ports: number[],
    /** Which attempt started (1 unless a port was taken). */
    readonly attempt: number,
    private readonly child: ChildProcess,
    private readonly spec: LaunchSpec,
    private readonly stopGraceMs: number,
    private readonly pollMs: number,
  ) {
    this.exit = new Promise(resolve => {
      if (child.exitCode !== null || child.signalCode !== null) {
        this.exitedWith = child.signalCode
          ? `signal ${child.signalCode}`
          : `code ${child.exitCode}`;
        resolve();
        return;
      }
      child.once('exit', (code, sig) => {
        this.exitedWith = sig ? `signal ${sig}` : `code ${code}`;
        resolve();
      });
    });
    process.once('exit', this.exitHook);
  }

  /** Starts the server and waits until it is ready; leaves nothing running when it fails. */
  static async start(options: ManagedServerOptions): Promise<ManagedServer> {
    const attempts = options.attempts ?? 3;
    const portTaken = options.portTaken ?? DEFAULT_PORT_TAKEN;
    for (let attempt = 1; ; attempt++) {
      try {
        return await ManagedServer.startOnce(options, attempt);
      } catch (error) {
        const taken =
          error instanceof AttemptFailed && portTaken.test(error.log);
        if (!taken || attempt >= attempts) throw error;
      }
    }
  }

  private static async startOnce(
    options: ManagedServerOptions,
    attempt: number,
  ): Promise<ManagedServer> {
    const ports = await freePorts(options.ports);
    const spec = await options.launch(ports, attempt);
    const [command, args] = spec.runAs
      ? ['setpriv', [...setprivArgs(spec.runAs), spec.command, ...spec.args]]
      : [spec.command, spec.args];
    let child: ChildProcess;
    try {
      const log = fs.openSync(spec.logFile, 'a');
      try {
        child = spawn(command, args, {
          cwd: spec.cwd,
          env: spec.env,
          // Its own process group: stop() reaches every process of the server through the PID.
          detached: true,
          stdio: ['ignore', log, log],
        });
      } finally {
        fs.closeSync(log);
      }
      await new Promise<void>((resolve, reject) => {
        child.once('spawn', resolve);
        child.once('error', reject);
      });
    } catch (error) {
      spec.cleanup?.();
      throw new Error(
        `${options.name}: could not start ${command}: ${
          (error as Error).message
        }`,
      );
    }
    const server = new ManagedServer(
      options.name,
      ports,
      attempt,
      child,
      spec,
      options.stopGraceMs,
      options.pollMs ?? 250,
    );
    try {
      await server.waitUntil('ready', spec.ready, options.readyTimeoutMs);
      return server;
    } catch (error) {
      const log = server.logText();
      await server.stop().catch(() => undefined);
      throw new AttemptFailed((error as Error).message, log);
    }
  }

  /** The leader's PID, also the process group id. */
  get pid(): number {
    return this.child.pid!;
  }

  /** Whether the leader has exited (and Node has reaped it). */
  get exited(): boolean {
    return this.exitedWith !== undefined;
  }

  /**
   * Polls `probe` until it answers true. Fails, with the log's last lines, when the leader exits
   * first or `timeoutMs` passes (naming the probe's last error).
   */
  async waitUntil(
    what: string,
    probe: () => Promise<boolean>,
    timeoutMs: number,
  ): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let lastError: unknown;
    for (;;) {
      if (this.exitedWith) {
        throw new Error(
          `${this.name} exited (${
            this.exitedWith
          }) before it was ${what}. Last lines of its log:\n${this.logTail()}`,
        );
      }
      try {
        // A probe that hangs (a blocked socket) must not outlast the deadline or the exit.
        if (await this.bounded(probe(), deadline - Date.now())) return;
      } catch (error) {
        lastError = error;
      }
      if (Date.now() > deadline) {
        throw new Error(
          `${this.name} was not ${what} within ${timeoutMs} ms${
            lastError ? ` (last error: ${(lastError as Error).message})` : ''
          }. Last lines of its log:\n${this.logTail()}`,
        );
      }
      await sleep(this.pollMs);
    }
  }

  private async bounded(
    answer: Promise<boolean>,
    timeoutMs: number,
  ): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const giveUp = new Promise<boolean>(resolve => {
      timer = setTimeout(() => resolve(false), Math.max(timeoutMs, 0));
    });
    try {
      return await Promise.race([answer, giveUp, this.exit.then(() => false)]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** The whole log: stdout/stderr, then each further log file. */
  logText(): string {
    return [this.spec.logFile, ...(this.spec.extraLogFiles ?? [])]
      .map(readFile)
      .join('\n');
  }

  /** The last lines of each log (for failure messages). */
  logTail(lines = LOG_TAIL_LINES): string {
    const parts = [this.spec.logFile, ...(this.spec.extraLogFiles ?? [])]
      .map(file => ({ file, text: lastLines(readFile(file), lines) }))
      .filter(({ text }) => text !== '');
    if (parts.length === 0) return '(no log)';
    return parts
      .map(({ file, text }, i) => (i === 0 ? text : `--- ${file} ---\n${text}`))
      .join('\n');
  }

  /** The running processes of the server's group (the leader, its children, …). */
  members(): ProcessEntry[] {
    return groupMembers(this.pid);
  }

  /** The running descendants of the leader (in its group or not). */
  descendants(): ProcessEntry[] {
    return descendants(this.pid);
  }

  /** Current and peak resident memory of the leader. */
  memory(): ProcessMemory | undefined {
    return memoryOf(this.pid);
  }

  /** Resident memory of every process of the group, in bytes. */
  groupRssBytes(): number {
    return this.members().reduce(
      (sum, p) => sum + (memoryOf(p.pid)?.rssKiB ?? 0) * 1024,
      0,
    );
  }

  /**
   * SIGTERM to the process group; after the grace period SIGKILL, first to every process but the
   * leader (so a leader that waits for its children reaps them), then to the leader. Resolves once
   * nothing of the server runs and the leader is reaped, after `cleanup`; throws naming the
   * processes that survived. Idempotent.
   */
  stop(): Promise<StopResult> {
    this.stopping ??= this.stopNow();
    return this.stopping;
  }

  private async stopNow(): Promise<StopResult> {
    const started = Date.now();
    const ended = this.running();
    const pids = () => [...new Set([this.pid, ...ended.map(p => p.pid)])];
    const done = () => this.exited && !pids().some(isRunning);
    this.signalGroup('SIGTERM');
    let killed = false;
    if (!(await this.waitFor(done, this.stopGraceMs))) {
      killed = true;
      const followers = () =>
        [...pids(), ...this.members().map(p => p.pid)].filter(
          pid => pid !== this.pid,
        );
      for (const pid of followers()) signal(pid, 'SIGKILL');
      await this.waitFor(() => !followers().some(isListed), 2_000);
      this.signalGroup('SIGKILL');
      await this.waitFor(done, KILL_WAIT_MS);
    }
    process.removeListener('exit', this.exitHook);
    const survivors = [
      ...(this.exited ? [] : [`${this.pid} (not reaped)`]),
      ...pids()
        .filter(pid => pid !== this.pid && isRunning(pid))
        .map(String),
    ];
    this.spec.cleanup?.();
    if (survivors.length > 0) {
      throw new Error(
        `${this.name}: processes did not end: ${survivors.join(', ')}`,
      );
    }
    return { stopMs: Date.now() - started, ended, killed };
  }

  /** The group's and the leader's running processes, each once. */
  private running(): ProcessEntry[] {
    const byPid = new Map<number, ProcessEntry>();
    for (const p of [...this.members(), ...this.descendants()]) {
      byPid.set(p.pid, p);
    }
    return [...byPid.values()];
  }

  private signalGroup(sig: NodeJS.Signals) {
    signal(-this.pid, sig);
  }

  private async waitFor(
    condition: () => boolean,
    timeoutMs: number,
  ): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline) return false;
      await sleep(50);
    }
    return true;
  }
}

function signal(pid: number, sig: NodeJS.Signals) {
  try {
    process.kill(pid, sig);
  } catch {
    // gone already
  }
}
