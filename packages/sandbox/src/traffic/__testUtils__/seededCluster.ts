import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { MemoryClusterStore } from '../../cluster/MemoryClusterStore';
import { KubeObject } from '../../cluster/types';
import { WorkloadController } from '../../controller/WorkloadController';
import { PACKAGE_ROOT } from '../../packagePaths';
import { createNamespaces } from '../../testUtils/createNamespaces';

/** The demo services of the seed and the namespaces Argo CD syncs them into. */
const SEED_SERVICES = {
  'nginx-ab': 'nginx-ab',
  driver: 'driver',
  'giropops-senhas': 'giropops',
} as const;

/** Reads every manifest of one seed service folder. */
export function seedManifests(service: keyof typeof SEED_SERVICES) {
  const dir = path.join(PACKAGE_ROOT, 'seed', 'gitops', 'services', service);
  return fs
    .readdirSync(dir)
    .filter(file => file.endsWith('.yaml'))
    .sort()
    .flatMap(file =>
      parseAllDocuments(fs.readFileSync(path.join(dir, file), 'utf8')).map(
        doc => doc.toJS() as KubeObject,
      ),
    )
    .filter(Boolean);
}

/**
 * An in-memory cluster with the given seed services applied (as Argo CD would) and their pods
 * running, without git or Argo CD.
 */
export function seededCluster(
  ...services: Array<keyof typeof SEED_SERVICES>
): MemoryClusterStore {
  const store = new MemoryClusterStore();
  for (const service of services) {
    const namespace = SEED_SERVICES[service];
    createNamespaces(store, namespace);
    for (const manifest of seedManifests(service)) {
      store.apply({
        ...manifest,
        metadata: { ...manifest.metadata, namespace },
      });
    }
  }
  new WorkloadController({ store }).reconcileNow();
  return store;
}

/** Replaces the route weights of a VirtualService in the store (what a synced commit does). */
export function setWeights(
  store: MemoryClusterStore,
  namespace: string,
  name: string,
  weights: number[],
  fault?: unknown,
) {
  const type = store.typeFor('networking.istio.io/v1', 'VirtualService')!;
  const vs = store.get(type, namespace, name)!;
  const http = vs.spec.http.map((route: any, i: number) =>
    i === 0
      ? {
          ...route,
          ...(fault !== undefined && { fault }),
          route: route.route.map((r: any, j: number) => ({
            ...r,
            weight: weights[j],
          })),
        }
      : route,
  );
  store.update({ ...vs, spec: { ...vs.spec, http } });
}
