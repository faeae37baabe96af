import type { Entity } from '@backstage/catalog-model';
import type { TrafficState } from '@internal/plugin-traffic-common';

/** Where `mockApis.discovery()` places the backends. */
export const TRAFFIC_BACKEND = 'http://example.com/api/traffic';
export const METRICS_BACKEND = 'http://example.com/api/metrics';

export const driverEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'driver',
    namespace: 'default',
    annotations: {
      'backstage.io/kubernetes-id': 'driver',
      'backstage.io/kubernetes-namespace': 'driver',
    },
  },
  spec: { type: 'service', owner: 'team-drivers', lifecycle: 'production' },
};

/** Git-managed, synced, 90/10 between v1 and v2, both with ready pods. */
export const driverState: TrafficState = {
  entityRef: 'component:default/driver',
  namespace: 'driver',
  virtualService: { name: 'driver', resourceVersion: '101' },
  destinationRule: { name: 'driver', resourceVersion: '102' },
  host: 'driver',
  routeIndex: 0,
  subsets: [
    { name: 'v1', labels: { version: 'v1' }, readyPods: 2, totalPods: 2 },
    { name: 'v2', labels: { version: 'v2' }, readyPods: 1, totalPods: 1 },
  ],
  live: {
    weights: [
      { subset: 'v1', weight: 90 },
      { subset: 'v2', weight: 10 },
    ],
    resilience: {
      retries: { attempts: 3, perTryTimeout: '2s', retryOn: '5xx' },
      timeout: '10s',
    },
  },
  desired: {
    weights: [
      { subset: 'v1', weight: 90 },
      { subset: 'v2', weight: 10 },
    ],
    resilience: {
      retries: { attempts: 3, perTryTimeout: '2s', retryOn: '5xx' },
      timeout: '10s',
    },
  },
  sync: 'synced',
  management: {
    mode: 'git',
    argoCdApp: 'driver',
    repoUrl: 'http://git.example.com/gitops.git',
    branch: 'main',
    files: {
      virtualService: 'services/driver/istio.yaml',
      destinationRule: 'services/driver/istio.yaml',
    },
    publishMode: 'commit',
    revision: 'a1b2c3d',
  },
  version: 'v-1',
};

/** The same service with v2 scaled to zero. */
export const noReadyV2State: TrafficState = {
  ...driverState,
  subsets: [
    driverState.subsets[0],
    { name: 'v2', labels: { version: 'v2' }, readyPods: 0, totalPods: 1 },
  ],
};

/** What someone else saved meanwhile: 50/50, pending sync. */
export const otherSaveState: TrafficState = {
  ...driverState,
  desired: {
    ...driverState.desired,
    weights: [
      { subset: 'v1', weight: 50 },
      { subset: 'v2', weight: 50 },
    ],
  },
  sync: 'pending',
  version: 'v-2',
};

export const observedSplit = {
  versions: [
    { version: 'v1', share: 0.893, requestsPerSecond: 8.93 },
    { version: 'v2', share: 0.107, requestsPerSecond: 1.07 },
  ],
};

const check = (
  name: 'request-count' | 'success-rate' | 'latency-p99',
  status: 'passed' | 'failed' | 'inconclusive',
  value: number | null,
  threshold: number,
  message: string,
) => ({ name, status, value, threshold, message });

/** `GET /api/metrics/canary-analysis` for driver: v1 passes, v2 fails on both checks. */
export const canaryAnalysis = {
  intervalSeconds: 60,
  evaluatedAt: 1_700_000_000,
  thresholds: { minSuccessRate: 99, maxLatencyP99Ms: 500, minRequests: 20 },
  thresholdsSource: 'config',
  versions: [
    {
      version: 'v1',
      status: 'passed',
      requests: 536,
      successRate: 99.8,
      latencyP99Ms: 120,
      checks: [
        check(
          'request-count',
          'passed',
          536,
          20,
          '536 requests in the interval',
        ),
        check('success-rate', 'passed', 99.8, 99, 'success rate 99.8% ≥ 99%'),
        check('latency-p99', 'passed', 120, 500, 'p99 120 ms ≤ 500 ms'),
      ],
    },
    {
      version: 'v2',
      status: 'failed',
      requests: 64,
      successRate: 92.2,
      latencyP99Ms: 910,
      checks: [
        check('request-count', 'passed', 64, 20, '64 requests in the interval'),
        check('success-rate', 'failed', 92.2, 99, 'success rate 92.2% < 99%'),
        check('latency-p99', 'failed', 910, 500, 'p99 910 ms > 500 ms'),
      ],
    },
  ],
};
