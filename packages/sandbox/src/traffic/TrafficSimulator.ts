import { ClusterStore } from '../cluster/types';
import { requireType } from '../controller/controllerSupport';
import { MetricFamily, renderExposition } from './exposition';
import { kongIngressPaths } from './kongIngresses';
import { KongNaming, kongNamesFor } from './kongNames';
import { horizontalPodAutoscalerFamilies } from './kubeStateMetrics';
import { meshRouteFor } from './meshRoutes';
import { TRAFFIC_FAMILIES } from './metricFamilies';
import { MetricRegistry } from './MetricRegistry';
import { SeededRandom } from './random';
import { recordRequest } from './recordRequest';
import { BEHAVIOUR_ANNOTATION } from './workloadBehaviour';
import { simulateRequest } from './simulateRequest';
import { upstreamHealthFamily } from './upstreamHealth';

/** How the simulator generates traffic (`sandbox.traffic`). */
export interface TrafficSettings {
  /** Seconds between ticks of the background loop. */
  tickSeconds: number;
  /** Seed of the pseudo-random generator: same seed and clock, same metrics. */
  seed: number;
  /** Requests per second a service gets for each ready pod behind it (at least one pod's worth). */
  requestsPerSecondPerReplica: number;
  /** Share of requests a healthy destination fails with 500/503. */
  baseErrorRate: number;
  /** Median latency of a destination pod before its per-version factor, in ms. */
  medianLatencyMs: number;
  /** Which Kong Ingress Controller naming the `service`/`route` labels follow. */
  kongNaming: KongNaming;
}

/** The defaults of `sandbox.traffic`. */
export const TRAFFIC_DEFAULTS: TrafficSettings = {
  tickSeconds: 1,
  seed: 1,
  requestsPerSecondPerReplica: 5,
  baseErrorRate: 0.01,
  medianLatencyMs: 20,
  kongNaming: 'kic2',
};

/** Options for {@link TrafficSimulator}. */
export interface TrafficSimulatorOptions {
  store: ClusterStore;
  settings: TrafficSettings;
  /** Milliseconds since the epoch; injectable so tests drive time. */
  now?: () => number;
  /** Told once per workload and problem when a behaviour annotation cannot be read. */
  onBehaviourError?: (message: string) => void;
}

/** Longest stretch one tick makes up for (a paused process should not burst hours of traffic). */
const MAX_TICK_MS = 10_000;

/**
 * Generates requests for every Service behind a Kong Ingress and records them as Kong's
 * prometheus plugin and Istio's proxies would. Each tick re-reads the live Ingresses,
 * KongPlugins, VirtualServices, DestinationRules and pods, so a synced change moves the traffic
 * on the next tick. A test double: the numbers are drawn, not measured.
 */
export class TrafficSimulator {
  private readonly registry = new MetricRegistry(TRAFFIC_FAMILIES);
  private readonly random: SeededRandom;
  private readonly now: () => number;
  private last: number;
  private timer?: NodeJS.Timeout;
  private readonly reportedBehaviourErrors = new Set<string>();

  constructor(private readonly options: TrafficSimulatorOptions) {
    this.random = new SeededRandom(options.settings.seed);
    this.now = options.now ?? Date.now;
    this.last = this.now();
  }

  /** Generates the requests of the time elapsed since the previous tick. */
  tick(): void {
    const now = this.now();
    const elapsedMs = Math.min(MAX_TICK_MS, Math.max(0, now - this.last));
    this.last = now;
    const { store, settings } = this.options;
    const serviceType = requireType(store, 'v1', 'Service');
    for (const path of kongIngressPaths(store)) {
      const service = store.get(serviceType, path.namespace, path.service);
      if (!service) continue;
      const route = meshRouteFor(store, service);
      this.reportBehaviourErrors(route);
      const pods = route.destinations.reduce(
        (sum, d) => sum + d.workloads.reduce((n, w) => n + w.pods.length, 0),
        0,
      );
      const rate = settings.requestsPerSecondPerReplica * Math.max(1, pods);
      const count = this.random.stochasticRound((rate * elapsedMs) / 1000);
      const kong = {
        names: kongNamesFor(path, settings.kongNaming),
        prometheus: path.prometheus,
      };
      const destination = { name: path.service, namespace: path.namespace };
      for (let i = 0; i < count; i++) {
        const outcome = simulateRequest(this.random, route, {
          baseErrorRate: settings.baseErrorRate,
          medianLatencyMs: settings.medianLatencyMs,
        });
        recordRequest(this.registry, kong, destination, outcome);
      }
    }
  }

  private reportBehaviourErrors(route: ReturnType<typeof meshRouteFor>) {
    for (const workload of route.destinations.flatMap(d => d.workloads)) {
      if (!workload.behaviourError) continue;
      const message = `Deployment ${workload.namespace}/${workload.name}: ${BEHAVIOUR_ANNOTATION} ignored: ${workload.behaviourError}`;
      if (this.reportedBehaviourErrors.has(message)) continue;
      this.reportedBehaviourErrors.add(message);
      this.options.onBehaviourError?.(message);
    }
  }

  /** Every family: Kong's, Istio's and kube-state-metrics' HPA families. */
  families(): MetricFamily[] {
    const { store, settings } = this.options;
    const recorded = this.registry.families();
    const kong = recorded.filter(f => f.name.startsWith('kong_'));
    const istio = recorded.filter(f => f.name.startsWith('istio_'));
    return [
      ...kong,
      upstreamHealthFamily(store, kongIngressPaths(store), settings.kongNaming),
      ...istio,
      ...horizontalPodAutoscalerFamilies(store),
    ];
  }

  /** The exposition text `GET /metrics` serves. */
  metricsText(): string {
    return renderExposition(this.families());
  }

  /** Ticks every `tickSeconds` in the background until {@link stop}. */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(
      () => this.tick(),
      this.options.settings.tickSeconds * 1000,
    );
    this.timer.unref();
  }

  /** Stops the background loop. */
  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
