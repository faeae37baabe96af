import { ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const PROMETHEUS = process.env.OPS_PROMETHEUS_BIN ?? '/usr/bin/prometheus';
const PROMTOOL = process.env.OPS_PROMTOOL_BIN ?? '/usr/bin/promtool';

/** A Prometheus started by a test on a free loopback port, over a backfilled TSDB. */
export interface RealPrometheus {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve();
  return new Promise(resolve => {
    child.once('exit', () => resolve());
    process.kill(child.pid!, 'SIGTERM');
  });
}

/**
 * Writes `openMetrics` to a temporary directory, backfills it with
 * `promtool tsdb create-blocks-from openmetrics`, starts Prometheus on it with an empty scrape
 * config, and polls `/-/ready`. `stop()` ends that process by its PID and removes the directory.
 */
export async function startRealPrometheus(
  openMetrics: string,
): Promise<RealPrometheus> {
  const dir = await mkdtemp(join(tmpdir(), 'ops-metrics-prom-'));
  const input = join(dir, 'fixture.om.txt');
  const tsdb = join(dir, 'tsdb');
  const config = join(dir, 'prometheus.yml');
  await writeFile(input, openMetrics);
  await writeFile(config, 'scrape_configs: []\n');
  await promisify(execFile)(PROMTOOL, [
    'tsdb',
    'create-blocks-from',
    'openmetrics',
    input,
    tsdb,
  ]);

  const port = await freePort();
  const output: string[] = [];
  const child = spawn(
    PROMETHEUS,
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${tsdb}`,
      '--storage.tsdb.retention.time=100y',
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout!.on('data', chunk => output.push(String(chunk)));
  child.stderr!.on('data', chunk => output.push(String(chunk)));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await stopProcess(child);
    await rm(dir, { recursive: true, force: true });
  };

  for (let attempt = 0; attempt < 200; attempt++) {
    if (child.exitCode !== null) break;
    try {
      const res = await fetch(`${url}/-/ready`);
      if (res.ok) return { url, pid: child.pid!, stop };
    } catch {
      // not listening yet
    }
    await new Promise(resolve => setTimeout(resolve, 50));
  }
  await stop();
  throw new Error(
    `Prometheus did not become ready on ${url}:\n${output.join('')}`,
  );
}
