import { spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadSandboxConfig } from '../config';
import { Sandbox } from '../Sandbox';
import { startPrometheus, TestPrometheus } from '../testUtils/startPrometheus';
import { GitOpsWorkspace } from '../testUtils/GitOpsWorkspace';
import { waitFor } from '../testUtils/waitFor';

/**
 * Contract test against a real Prometheus (2.42 from Debian): it scrapes the sandbox's metrics
 * listener, and PromQL over the scraped series shows the VirtualService split — also after a
 * weight change is committed to the GitOps repository and synced by the Argo CD stand-in.
 */
jest.setTimeout(30_000);

describe('the metrics listener scraped by a real Prometheus', () => {
  let dataDir: string;
  let sandbox: Sandbox;
  let prometheus: TestPrometheus;
  let workspace: GitOpsWorkspace | undefined;

  const split = (window: string) =>
    prometheus.query(
      `sum by (destination_version) (rate(istio_requests_total{reporter="destination",destination_service_name="nginx-ab",destination_service_namespace="nginx-ab"}[${window}]))`,
    );

  /** Polls until the split by version over `window` is within 0.1 of `expected`. */
  const waitForSplit = (window: string, expected: Record<string, number>) =>
    waitFor(
      async () => {
        const rows = await split(window);
        const rates = Object.fromEntries(
          rows.map(r => [r.metric.destination_version, Number(r.value[1])]),
        );
        const total = Object.values(rates).reduce((a, b) => a + b, 0);
        if (!(total > 0)) return false;
        const ok = Object.entries(expected).every(
          ([version, share]) =>
            Math.abs((rates[version] ?? 0) / total - share) <= 0.1,
        );
        return ok && rates;
      },
      {
        timeoutMs: 20_000,
        intervalMs: 250,
        what: `a split of ${JSON.stringify(expected)}`,
      },
    );

  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'sandbox-metrics-'));
    const config = await loadSandboxConfig();
    sandbox = await Sandbox.start({
      ...config,
      dataDir,
      kubernetes: { ...config.kubernetes, port: 0 },
      argocd: { ...config.argocd, port: 0 },
      git: { ...config.git, port: 0 },
      keycloak: { ...config.keycloak, port: 0 },
      metrics: { ...config.metrics, port: 0 },
      elasticsearch: { ...config.elasticsearch, port: 0 },
      traffic: {
        ...config.traffic,
        tickSeconds: 0.2,
        requestsPerSecondPerReplica: 100,
      },
      // The test syncs explicitly after its commit.
      argocdPollSeconds: 3600,
    });
    prometheus = await startPrometheus({
      target: new URL(sandbox.urls.metrics).host,
      interval: '1s',
    });
  });

  afterAll(async () => {
    await workspace?.remove();
    await prometheus?.stop();
    await sandbox?.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('sees the seed split (all on v1), then follows changed VirtualService weights', async () => {
    const before = await waitForSplit('10s', { v1: 1 });
    expect(before.v1).toBeGreaterThan(0);
    expect(before.v2 ?? 0).toBe(0);

    workspace = await GitOpsWorkspace.clone(sandbox.urls.gitopsRepository);
    const file = 'services/nginx-ab/istio.yaml';
    const edited = (await workspace.read(file))
      .replace('weight: 100', 'weight: 30')
      .replace('weight: 0', 'weight: 70');
    await workspace.commitAndPush({ [file]: edited }, 'nginx-ab: 30/70');
    await sandbox.argocd.pollOnce();
    const after = await waitForSplit('3s', { v1: 0.3, v2: 0.7 });
    expect(after.v2).toBeGreaterThan(after.v1);
  });

  it('serves Kong and kube-state-metrics series with the names and labels the portal queries', async () => {
    const requests = await waitFor(
      async () => {
        const rows = await prometheus.query(
          'sum by (service, route, source, workspace) (kong_http_requests_total{service="nginx-ab.nginx-ab.pnum-80"})',
        );
        return rows.length > 0 && rows;
      },
      { timeoutMs: 10_000, what: 'Kong request series' },
    );
    expect(requests.map(r => r.metric)).toEqual([
      {
        service: 'nginx-ab.nginx-ab.pnum-80',
        route: 'nginx-ab.nginx-ab.00',
        source: 'service',
        workspace: 'default',
      },
    ]);
    const p95 = await waitFor(
      async () => {
        const [row] = await prometheus.query(
          'histogram_quantile(0.95, sum by (le) (rate(kong_request_latency_ms_bucket{service="nginx-ab.nginx-ab.pnum-80"}[10s])))',
        );
        return row && Number(row.value[1]) > 0 && Number(row.value[1]);
      },
      { timeoutMs: 10_000, what: 'a Kong p95' },
    );
    expect(p95).toBeLessThan(1000);
    const [minReplicas] = await prometheus.query(
      'kube_horizontalpodautoscaler_spec_min_replicas{namespace="driver",horizontalpodautoscaler="driver"}',
    );
    expect(minReplicas.value[1]).toBe('2');
  });

  it('passes promtool check metrics, apart from the names Kong and Istio themselves use', async () => {
    const text = await (await fetch(`${sandbox.urls.metrics}/metrics`)).text();
    const result = spawnSync('promtool', ['check', 'metrics'], {
      input: text,
      encoding: 'utf8',
    });
    // 0: clean, 3: lint findings only; 1 would be a parse error.
    expect([0, 3]).toContain(result.status);
    const findings = `${result.stdout}${result.stderr}`
      .trim()
      .split('\n')
      .sort();
    expect(findings).toEqual([
      'istio_request_duration_milliseconds use base unit "seconds" instead of "milliseconds"',
      'kong_bandwidth_bytes counter metrics should have "_total" suffix',
      'kong_kong_latency_ms metric names should not contain abbreviated units',
      'kong_request_latency_ms metric names should not contain abbreviated units',
      'kong_upstream_latency_ms metric names should not contain abbreviated units',
    ]);
  });
});
