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
 * cost one; so do their `getClusters` calls. A read in flight is shared, an answer is reused for
 * {@link SHARED_OBJECTS_TTL_MS}, a failure is never reused. Everything else goes to the wrapped
 * client unchanged.
 */
export class SharedKubernetesApi implements KubernetesApi {
  private readonly answers = new Map<
    string,
    { value: Promise<unknown>; expiresAt: number }
  >();

  constructor(
    private readonly client: KubernetesApi,
    private readonly options: { ttlMs?: number; now?: () => number } = {},
  ) {}

  /** One request in flight per key; its answer is reused until it expires; a failure never. */
  private shared<T>(key: string, load: () => Promise<T>): Promise<T> {
    const now = (this.options.now ?? Date.now)();
    for (const [k, entry] of this.answers) {
      if (entry.expiresAt <= now) this.answers.delete(k);
    }
    const cached = this.answers.get(key);
    if (cached) return cached.value as Promise<T>;
    const entry = { value: load(), expiresAt: Infinity };
    this.answers.set(key, entry);
    entry.value.then(
      () => {
        entry.expiresAt =
          (this.options.now ?? Date.now)() +
          (this.options.ttlMs ?? SHARED_OBJECTS_TTL_MS);
      },
      () => {
        if (this.answers.get(key) === entry) this.answers.delete(key);
      },
    );
    return entry.value;
  }

  getObjectsByEntity(requestBody: KubernetesRequestBody) {
    return this.shared<ObjectsByEntity>(
      `objects:${JSON.stringify(requestBody)}`,
      () => this.client.getObjectsByEntity(requestBody),
    );
  }

  /** The configured clusters: the three cards that ask on opening share one request too. */
  getClusters() {
    return this.shared('clusters', () => this.client.getClusters());
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
