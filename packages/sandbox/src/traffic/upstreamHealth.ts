import { ClusterStore } from '../cluster/types';
import { requireType } from '../controller/controllerSupport';
import { MetricFamily, Sample } from './exposition';
import { KongIngressPath } from './kongIngresses';
import { KongNaming, kongNamesFor } from './kongNames';
import { workloadsOf } from './meshRoutes';

const STATES = ['healthchecks_off', 'healthy', 'unhealthy', 'dns_error'];

/** The container port a Service port forwards to (`targetPort`, resolved when it is a name). */
function targetPort(
  store: ClusterStore,
  path: KongIngressPath,
): number | undefined {
  const serviceType = requireType(store, 'v1', 'Service');
  const service = store.get(serviceType, path.namespace, path.service);
  const ports: any[] = service?.spec?.ports ?? [];
  const port =
    ports.find(p => p.port === path.port || p.name === path.port) ?? ports[0];
  const target = port?.targetPort ?? port?.port;
  if (typeof target === 'number') return target;
  const deploymentType = requireType(store, 'apps/v1', 'Deployment');
  for (const workload of service ? workloadsOf(store, service) : []) {
    const deployment = store.get(deploymentType, path.namespace, workload.name);
    for (const container of deployment?.spec?.template?.spec?.containers ??
      []) {
      const named = (container.ports ?? []).find((p: any) => p.name === target);
      if (named) return named.containerPort;
    }
  }
  return undefined;
}

/**
 * `kong_upstream_target_health`: for each Kong upstream whose prometheus plugin sets
 * `upstream_health_metrics`, every ready pod behind the Service is a target. KIC configures no
 * active health checks by default, so each target's state is `healthchecks_off` (value 1, the
 * other three states 0, as Kong writes them).
 */
export function upstreamHealthFamily(
  store: ClusterStore,
  paths: KongIngressPath[],
  naming: KongNaming,
): MetricFamily {
  const serviceType = requireType(store, 'v1', 'Service');
  const samples: Sample[] = [];
  const seen = new Set<string>();
  for (const path of paths) {
    if (!path.prometheus?.upstreamHealth) continue;
    const { upstream } = kongNamesFor(path, naming);
    if (seen.has(upstream)) continue;
    seen.add(upstream);
    const service = store.get(serviceType, path.namespace, path.service);
    const port = targetPort(store, path) ?? path.port;
    const addresses = (service ? workloadsOf(store, service) : [])
      .flatMap(w => w.pods.map(p => `${p.ip}:${port}`))
      .sort();
    for (const address of addresses) {
      for (const state of STATES) {
        samples.push({
          labels: [
            ['upstream', upstream],
            ['target', address],
            ['address', address],
            ['state', state],
            ['subsystem', 'http'],
          ],
          value: state === 'healthchecks_off' ? 1 : 0,
        });
      }
    }
  }
  return {
    name: 'kong_upstream_target_health',
    help: 'Health status of targets of upstream. States = healthchecks_off|healthy|unhealthy|dns_error, value is 1 when state is populated.',
    type: 'gauge',
    samples,
  };
}
