import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { prometheusScrapeConfig } from '../traffic/prometheusConfig';
import { waitFor } from './waitFor';

/** The Prometheus binary the tests run (installed by scripts/install-test-deps.sh). */
export const PROMETHEUS_BINARY =
  process.env.PROMETHEUS_BINARY ?? '/usr/bin/prometheus';

/** A Prometheus server on 127.0.0.1 with its own temporary storage. */
export interface TestPrometheus {
  url: string;
  pid: number;
  /** Runs an instant query; resolves with `data.result`. */
  query(
    expr: string,
  ): Promise<
    Array<{ metric: Record<string, string>; value: [number, string] }>
  >;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise(resolve => server.close(resolve));
  return port;
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise(resolve => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

/**
 * Starts Prometheus scraping `target` (`host:port`) every `interval`, and waits until it is
 * ready. Stop it with `stop()` (SIGTERM to its PID, then its temp dir is removed).
 */
export async function startPrometheus(options: {
  target: string;
  interval?: string;
}): Promise<TestPrometheus> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'sandbox-prometheus-'));
  const configFile = path.join(dir, 'prometheus.yml');
  await fs.writeFile(
    configFile,
    prometheusScrapeConfig({
      target: options.target,
      interval: options.interval ?? '1s',
    }),
  );
  const port = await freePort();
  const output: string[] = [];
  const child = spawn(
    PROMETHEUS_BINARY,
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${path.join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--storage.tsdb.retention.time=1d',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout!.on('data', chunk => output.push(String(chunk)));
  child.stderr!.on('data', chunk => output.push(String(chunk)));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      process.kill(child.pid!, 'SIGTERM');
    }
    await exited(child);
    await fs.rm(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(
      async () => {
        if (child.exitCode !== null) {
          throw new Error(`prometheus exited: ${output.join('').slice(-2000)}`);
        }
        return (await fetch(`${url}/-/ready`)).ok;
      },
      { timeoutMs: 15_000, what: 'Prometheus to be ready' },
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url,
    pid: child.pid!,
    async query(expr) {
      const response = await fetch(
        `${url}/api/v1/query?${new URLSearchParams({ query: expr })}`,
      );
      const body = await response.json();
      if (body.status !== 'success') {
        throw new Error(`query ${expr} failed: ${JSON.stringify(body)}`);
      }
      return body.data.result;
    },
    stop,
  };
}
