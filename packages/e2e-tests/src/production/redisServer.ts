import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ManagedProcess } from '../harness/ManagedProcess';
import { poll, PollGiveUp } from '../harness/poll';
import { freePort } from './freePort';

const run = promisify(execFile);

/** A throwaway Redis (Debian's redis-server, scripts/install-test-deps.sh) on a free loopback port. */
export interface TestRedis {
  url: string;
  port: number;
  /** Every key in the server (`redis-cli --scan`). */
  keys(): Promise<string[]>;
  /** Stops the server by its PID and removes its directory. */
  stop(): Promise<void>;
}

/** Starts redis-server without persistence (`--save '' --appendonly no`) on 127.0.0.1. */
export async function startTestRedis(logDir: string): Promise<TestRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'ops-redis-'));
  const server = ManagedProcess.start(
    'redis',
    'redis-server',
    [
      '--bind',
      '127.0.0.1',
      '--port',
      String(port),
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dir,
    ],
    { cwd: dir, logDir },
  );
  const cli = (...args: string[]) =>
    run('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args]);
  const stop = async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await poll('redis-server to answer PING', async () => {
      if (!server.running)
        throw new PollGiveUp(`redis-server exited, see ${server.logFile}`);
      const { stdout } = await cli('ping').catch(() => ({ stdout: '' }));
      return stdout.trim() === 'PONG' ? true : undefined;
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    keys: async () =>
      (await cli('--scan')).stdout.split('\n').filter(line => line !== ''),
    stop,
  };
}
