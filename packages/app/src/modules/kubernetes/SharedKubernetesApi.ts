import type { KubernetesApi } from '@backstage/plugin-kubernetes-react';

type KubernetesRequestBody = Parameters<KubernetesApi['getObjectsByEntity']>[0];

type ObjectsByEntity = Awaited<ReturnType<KubernetesApi['getObjectsByEntity']>>;

/** How long an answer of `getObjectsByEntity` is reused for the same request. */
export const SHARED_OBJECTS_TTL_MS = 2000;

/**
 * The Kubernetes plugin's API with one change: identical `getObjectsByEntity` requests made
 * within a moment of each other share one backend request. The Ops tab's Kubernetes, HPA and Logs
 * cards each ask for the entity's objects when the tab opens (and on their refresh timers); each
 * ask is a read of every object kind from every cluster by the Kubernetes backend, so they now
 * cost one. A read in flight is shared, an answer is reused for {@link SHARED_OBJECTS_TTL_MS},
 * a failure is never reused. Everything else goes to the wrapped client unchanged.
 */
export class SharedKubernetesApi implements KubernetesApi {
  private readonly objects = new Map<
    string,
    { value: Promise<ObjectsByEntity>; expiresAt: number }
  >();

  constructor(
    private readonly client: KubernetesApi,
    private readonly options: { ttlMs?: number; now?: () => number } = {},
  ) {}

  getObjectsByEntity(requestBody: KubernetesRequestBody) {
    const now = (this.options.now ?? Date.now)();
    const key = JSON.stringify(requestBody);
    for (const [k, entry] of this.objects) {
      if (entry.expiresAt <= now) this.objects.delete(k);
    }
    const cached = this.objects.get(key);
    if (cached) return cached.value;
    const entry = {
      value: this.client.getObjectsByEntity(requestBody),
      expiresAt: Infinity,
    };
    this.objects.set(key, entry);
    entry.value.then(
      () => {
        entry.expiresAt =
          (this.options.now ?? Date.now)() +
          (this.options.ttlMs ?? SHARED_OBJECTS_TTL_MS);
      },
      () => {
        if (this.objects.get(key) === entry) this.objects.delete(key);
      },
    );
    return entry.value;
  }

  getClusters() {
    return this.client.getClusters();
  }

  getCluster(clusterName: string) {
    return this.client.getCluster(clusterName);
  }

  getWorkloadsByEntity(
    request: Parameters<KubernetesApi['getWorkloadsByEntity']>[0],
  ) {
    return this.client.getWorkloadsByEntity(request);
  }

  getCustomObjectsByEntity(
    request: Parameters<KubernetesApi['getCustomObjectsByEntity']>[0],
  ) {
    return this.client.getCustomObjectsByEntity(request);
  }

  proxy(options: Parameters<KubernetesApi['proxy']>[0]) {
    return this.client.proxy(options);
  }
}
