// Test-only code: the harness runs only under the e2e tests, where the sandbox is a dev dependency.
// eslint-disable-next-line @backstage/no-undeclared-imports
import { prometheusScrapeConfig } from '@internal/sandbox';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ManagedProcess } from './ManagedProcess';
import { poll, PollGiveUp } from './poll';

/** The Prometheus binary scripts/install-test-deps.sh installs (Debian's package). */
export const prometheusBin =
  process.env.PROMETHEUS_BIN ?? '/usr/bin/prometheus';
/** Where the portal's dev config (`opsPortal.metrics.prometheus`) expects Prometheus. */
export const prometheusUrl = 'http://127.0.0.1:9090';
/** The sandbox's metrics listener (`sandbox.metrics.url` in app-config.yaml). */
export const sandboxMetricsTarget = '127.0.0.1:7175';

/**
 * Starts a real Prometheus on 127.0.0.1:9090 scraping the sandbox's metrics listener every second,
 * with its config and TSDB under `dir`, and waits until `/-/ready` answers. Fails when the binary
 * is missing: the Ops tab tests need real queries, so there is no silent skip.
 */
export async function startPrometheus(
  dir: string,
  logDir: string,
): Promise<ManagedProcess> {
  if (!existsSync(prometheusBin)) {
    throw new Error(
      `Prometheus is not installed at ${prometheusBin}; run scripts/install-test-deps.sh ` +
        '(or set PROMETHEUS_BIN) before the e2e tests',
    );
  }
  mkdirSync(join(dir, 'data'), { recursive: true });
  const configFile = join(dir, 'prometheus.yml');
  writeFileSync(
    configFile,
    prometheusScrapeConfig({ target: sandboxMetricsTarget, interval: '1s' }),
  );
  const prometheus = ManagedProcess.start(
    'prometheus',
    prometheusBin,
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      '--web.listen-address=127.0.0.1:9090',
      '--log.level=warn',
    ],
    { cwd: dir, logDir },
  );
  try {
    await poll('Prometheus to be ready', async () => {
      if (!prometheus.running)
        throw new PollGiveUp(`prometheus exited, see ${prometheus.logFile}`);
      const res = await fetch(`${prometheusUrl}/-/ready`).catch(
        () => undefined,
      );
      return res?.ok ? true : undefined;
    });
  } catch (e) {
    await prometheus.stop();
    throw e;
  }
  return prometheus;
}

/**
 * Each destination version's share of a service's requests over the last `window` (e.g. `30s`),
 * as Istio's destination reporter counted them, from Prometheus's query API.
 */
export async function observedVersionShares(
  namespace: string,
  service: string,
  window: string,
): Promise<Record<string, number>> {
  const query = `sum by (destination_version) (increase(istio_requests_total{reporter="destination",destination_service_namespace="${namespace}",destination_service_name="${service}"}[${window}]))`;
  const res = await fetch(
    `${prometheusUrl}/api/v1/query?query=${encodeURIComponent(query)}`,
  );
  if (!res.ok) throw new Error(`Prometheus query: HTTP ${res.status}`);
  const body = (await res.json()) as {
    data: {
      result: Array<{
        metric: { destination_version?: string };
        value: [number, string];
      }>;
    };
  };
  const counts = body.data.result.map(
    r => [r.metric.destination_version ?? '', Number(r.value[1])] as const,
  );
  const total = counts.reduce((sum, [, n]) => sum + n, 0);
  return Object.fromEntries(
    counts.map(([version, n]) => [version, total > 0 ? n / total : 0]),
  );
}
