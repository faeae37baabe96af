import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { LaunchSpec, ManagedServer } from './ManagedServer';

// Tests run from source: the fixture sits next to this file.
// eslint-disable-next-line no-restricted-syntax
const FIXTURE = path.join(__dirname, '__fixtures__', 'tinyServer.js');

let dir: string;
const started: ManagedServer[] = [];
const blockers: net.Server[] = [];

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'managed-server-test-'));
});

afterEach(async () => {
  for (const server of started.splice(0)) await server.stop();
  for (const blocker of blockers.splice(0)) {
    await new Promise(resolve => blocker.close(resolve));
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Throws ESRCH when no process has the PID any more (a zombie still has one). */
function exists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
}

/** Takes the port on 127.0.0.1, as another process would between the probe and the bind. */
async function takePort(port: number): Promise<void> {
  // It hangs up on whoever connects, so a readiness probe on it fails rather than waits.
  const blocker = net.createServer(socket => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    blocker.once('error', reject);
    blocker.listen(port, '127.0.0.1', () => resolve());
  });
  blockers.push(blocker);
}

const answers = async (port: number) =>
  (
    await fetch(`http://127.0.0.1:${port}/`, {
      signal: AbortSignal.timeout(1_000),
    })
  ).ok;

function tinyServer(
  flags: string[],
  options: {
    takeOnAttempts?: number[];
    readyTimeoutMs?: number;
    stopGraceMs?: number;
    launches?: Array<{ attempt: number; ports: number[] }>;
    cleanups?: number[];
  } = {},
) {
  return ManagedServer.start({
    name: 'tiny server',
    ports: 1,
    readyTimeoutMs: options.readyTimeoutMs ?? 20_000,
    stopGraceMs: options.stopGraceMs ?? 5_000,
    pollMs: 50,
    launch: async (ports, attempt): Promise<LaunchSpec> => {
      options.launches?.push({ attempt, ports });
      if (options.takeOnAttempts?.includes(attempt)) await takePort(ports[0]);
      return {
        command: process.execPath,
        args: [FIXTURE, String(ports[0]), ...flags],
        env: { PATH: process.env.PATH },
        logFile: path.join(dir, `attempt-${attempt}.log`),
        ready: () => answers(ports[0]),
        cleanup: () => options.cleanups?.push(attempt),
      };
    },
  });
}

const pidsIn = (log: string) =>
  [...log.matchAll(/^PID (\d+)$/gm)].map(m => Number(m[1]));

describe('ManagedServer', () => {
  it('waits until the server is ready and answers on the port it got', async () => {
    const server = await tinyServer([]);
    started.push(server);
    expect(server.attempt).toBe(1);
    expect(await answers(server.ports[0])).toBe(true);
    expect(server.members().map(p => p.pid)).toEqual([server.pid]);
    expect(server.memory()?.rssKiB).toBeGreaterThan(0);
  });

  it('starts again on fresh ports when the port was taken between the probe and the bind', async () => {
    const launches: Array<{ attempt: number; ports: number[] }> = [];
    const cleanups: number[] = [];
    const server = await tinyServer([], {
      takeOnAttempts: [1],
      launches,
      cleanups,
    });
    started.push(server);
    expect(server.attempt).toBe(2);
    expect(launches.map(l => l.attempt)).toEqual([1, 2]);
    expect(launches[1].ports[0]).not.toBe(launches[0].ports[0]);
    expect(server.ports).toEqual(launches[1].ports);
    // The first attempt was stopped and cleaned up; its process is gone.
    expect(cleanups).toEqual([1]);
    const [firstPid] = pidsIn(
      fs.readFileSync(path.join(dir, 'attempt-1.log'), 'utf8'),
    );
    expect(exists(firstPid)).toBe(false);
    expect(await answers(server.ports[0])).toBe(true);
  });

  it('gives up after three attempts when the port is taken each time, with the log', async () => {
    const launches: Array<{ attempt: number; ports: number[] }> = [];
    await expect(
      tinyServer([], { takeOnAttempts: [1, 2, 3], launches }),
    ).rejects.toThrow(
      /tiny server exited \(code 1\) before it was ready\. Last lines of its log:\n.*EADDRINUSE: Address already in use/s,
    );
    expect(launches.map(l => l.attempt)).toEqual([1, 2, 3]);
  });

  it('does not retry a failure that is not a taken port, and names the exit with the log tail', async () => {
    const launches: Array<{ attempt: number; ports: number[] }> = [];
    const cleanups: number[] = [];
    await expect(
      tinyServer(['--exit'], { launches, cleanups }),
    ).rejects.toThrow(
      /tiny server exited \(code 3\) before it was ready\. Last lines of its log:\nPID \d+\nstarting\ngiving up$/,
    );
    expect(launches).toHaveLength(1);
    expect(cleanups).toEqual([1]);
  });

  it('times out with the last lines of the log and stops what it started', async () => {
    const cleanups: number[] = [];
    const error = await tinyServer(['--never-ready'], {
      readyTimeoutMs: 1_000,
      cleanups,
    }).then(
      server => {
        started.push(server);
        return new Error('it started');
      },
      e => e as Error,
    );
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toMatch(
      /^tiny server was not ready within 1000 ms \(last error: fetch failed\)\. Last lines of its log:\n/,
    );
    expect(error.message).toContain('line 60');
    expect(error.message).toContain('line 21\n');
    // 40 lines of the log: the PID line and lines 1-20 are cut.
    expect(error.message).not.toContain('line 20\n');
    expect(cleanups).toEqual([1]);
    const [pid] = pidsIn(
      fs.readFileSync(path.join(dir, 'attempt-1.log'), 'utf8'),
    );
    expect(exists(pid)).toBe(false);
  });

  it('stops the group with SIGTERM: the leader waits for its follower, both are reaped', async () => {
    const cleanups: number[] = [];
    const server = await tinyServer(['--follower'], { cleanups });
    const pids = server.members().map(p => p.pid);
    expect(pids).toHaveLength(2);
    expect(pids).toContain(server.pid);
    const result = await server.stop();
    expect(result.killed).toBe(false);
    expect(result.ended.map(p => p.pid).sort()).toEqual([...pids].sort());
    for (const pid of pids) expect(exists(pid)).toBe(false);
    expect(cleanups).toEqual([1]);
  });

  it('SIGKILLs a group that ignores SIGTERM after the grace period and leaves no process, zombie included', async () => {
    const server = await tinyServer(
      ['--follower', '--stubborn-follower', '--ignore-term'],
      {
        stopGraceMs: 500,
      },
    );
    const pids = server.members().map(p => p.pid);
    expect(pids).toHaveLength(2);
    const result = await server.stop();
    expect(result.killed).toBe(true);
    expect(result.stopMs).toBeGreaterThanOrEqual(500);
    for (const pid of pids) expect(exists(pid)).toBe(false);
    // A second stop answers the first one's result.
    await expect(server.stop()).resolves.toBe(result);
  });

  it('a leader that ends on SIGTERM while its follower ignores it: the follower is killed too', async () => {
    const server = await tinyServer(['--follower', '--stubborn-follower'], {
      stopGraceMs: 500,
    });
    const pids = server.members().map(p => p.pid);
    expect(pids).toHaveLength(2);
    const result = await server.stop();
    expect(result.killed).toBe(true);
    for (const pid of pids) expect(exists(pid)).toBe(false);
  });
});
