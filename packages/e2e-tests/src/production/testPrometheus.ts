import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prometheusScrapeConfig } from '@internal/sandbox';
import { ManagedProcess } from '../harness/ManagedProcess';
import { poll, PollGiveUp } from '../harness/poll';
import { prometheusBin } from '../harness/prometheus';
import { freePort } from './freePort';

/** A throwaway real Prometheus on a free loopback port. */
export interface TestPrometheus {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts Debian's Prometheus (scripts/install-test-deps.sh) on a free 127.0.0.1 port, scraping
 * `target` (the sandbox's metrics listener, `host:port`) every second, TSDB in a temp folder.
 */
export async function startTestPrometheus(
  target: string,
  logDir: string,
): Promise<TestPrometheus> {
  if (!existsSync(prometheusBin)) {
    throw new Error(
      `Prometheus is not installed at ${prometheusBin}; run scripts/install-test-deps.sh (or set PROMETHEUS_BIN)`,
    );
  }
  const dir = mkdtempSync(join(tmpdir(), 'ops-prometheus-'));
  mkdirSync(join(dir, 'data'));
  const configFile = join(dir, 'prometheus.yml');
  writeFileSync(configFile, prometheusScrapeConfig({ target, interval: '1s' }));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const server = ManagedProcess.start(
    'replicas-prometheus',
    prometheusBin,
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { cwd: dir, logDir },
  );
  const stop = async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await poll('Prometheus to be ready', async () => {
      if (!server.running)
        throw new PollGiveUp(`prometheus exited, see ${server.logFile}`);
      const res = await fetch(`${url}/-/ready`).catch(() => undefined);
      return res?.ok ? true : undefined;
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, stop };
}
