import { ChildProcess, fork } from 'node:child_process';
import { join, resolve } from 'node:path';

/**
 * The benchmark's three parties run in separate Node processes, so the load driver, the
 * upstream stand-ins and the backend do not share one event loop: the driver (this process),
 * `upstreamsProcess.ts` and `backendProcess.ts`, talking over the IPC channel.
 */
export interface Child {
  process: ChildProcess;
  /** The child's first message (its URLs). */
  ready: Record<string, any>;
  call<T = any>(op: string, args?: Record<string, unknown>): Promise<T>;
  stop(): Promise<void>;
}

// This package's folder, from this file rather than from the package name: a checkout elsewhere
// (a worktree of an earlier commit, to measure "before") forks its own children.
// eslint-disable-next-line no-restricted-syntax -- the benchmarks run from their sources, never bundled
const PACKAGE_DIR = resolve(__dirname, '..');
const REGISTER = join(PACKAGE_DIR, 'scripts', 'register.cjs');

/** Forks `src/<file>` with the TypeScript transform and waits for its `ready` message. */
export async function startChild(
  file: string,
  env: Record<string, string> = {},
  extraExecArgv: string[] = [],
): Promise<Child> {
  const child = fork(join(PACKAGE_DIR, 'src', file), [], {
    execArgv: ['--require', REGISTER, ...extraExecArgv],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, (value: any) => void>();
  let nextId = 1;
  const ready = await new Promise<Record<string, any>>(
    (resolveReady, reject) => {
      child.once('exit', code =>
        reject(new Error(`${file} exited with ${code} before it was ready`)),
      );
      child.on('message', (message: any) => {
        if (message?.type === 'ready') resolveReady(message);
        else if (message?.type === 'error')
          reject(new Error(`${file}: ${message.error}`));
        else if (message?.id && pending.has(message.id)) {
          pending.get(message.id)!(message.result);
          pending.delete(message.id);
        }
      });
    },
  );
  return {
    process: child,
    ready,
    call: (op, args = {}) =>
      new Promise(resolveCall => {
        const id = nextId++;
        pending.set(id, resolveCall);
        child.send({ id, op, ...args });
      }),
    stop: () =>
      new Promise(resolveStop => {
        if (child.exitCode !== null) {
          resolveStop();
          return;
        }
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolveStop();
        });
        child.send({ id: 0, op: 'stop' });
      }),
  };
}

/** In a child: answers the parent's calls with `handlers[op](message)`; `stop` runs `onStop` and exits. */
export function serveParent(
  handlers: Record<string, (message: any) => unknown>,
  onStop: () => Promise<void>,
) {
  process.on('message', async (message: any) => {
    if (message?.op === 'stop') {
      await onStop().catch(() => {});
      process.exit(0);
    }
    const result = await handlers[message.op]?.(message);
    process.send!({ id: message.id, result });
  });
  process.on('disconnect', () => {
    onStop().finally(() => process.exit(0));
  });
}

/** In a child: reports startup failure to the parent. */
export function failToParent(error: unknown) {
  process.send?.({
    type: 'error',
    error: String((error as Error)?.stack ?? error),
  });
  process.exit(1);
}
