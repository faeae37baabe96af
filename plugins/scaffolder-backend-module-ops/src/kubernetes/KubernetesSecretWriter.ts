import { CoreV1Api, V1Secret } from '@kubernetes/client-node';
import { ConflictError, NotAllowedError } from '@backstage/errors';
import { NAMESPACE_OWNER_ANNOTATION } from '@internal/plugin-ops-common';
import {
  ClusterWriter,
  clusterApiConfiguration,
  kubernetesApiStatus,
  kubernetesUpstreamError,
  UpstreamError,
} from '@internal/plugin-ops-node';

/** The label that marks objects this portal writes directly (not through Git). */
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
/** Its value. */
export const MANAGED_BY_VALUE = 'ops-portal';

/** An Opaque Secret to create or replace. */
export type SecretSpec = {
  namespace: string;
  name: string;
  labels: Record<string, string>;
  /** Plain values; sent base64-encoded in `data`. */
  values: Record<string, string>;
};

/** What {@link KubernetesSecretWriter.applySecret} did. */
export type SecretApplyOutcome = 'created' | 'replaced' | 'unchanged';

const DEFAULT_TIMEOUT_MS = 10_000;

function encode(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values).map(([k, v]) => [
      k,
      Buffer.from(v, 'utf8').toString('base64'),
    ]),
  );
}

function sameEntries(
  a: Record<string, string> = {},
  b: Record<string, string> = {},
) {
  const keys = Object.keys(a);
  return (
    keys.length === Object.keys(b).length && keys.every(k => a[k] === b[k])
  );
}

/**
 * Writes Secrets (and their Namespace) to the configured cluster with optimistic concurrency:
 * a replace carries the `resourceVersion` it read, so a concurrent change fails with 409
 * instead of being overwritten. Every request has a timeout. Secret values never appear in
 * logs or errors.
 */
export class KubernetesSecretWriter {
  private readonly core: CoreV1Api;
  private readonly timeoutMs: number;

  constructor(
    private readonly cluster: ClusterWriter,
    options: { timeoutMs?: number; signal?: AbortSignal } = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.core = new CoreV1Api(
      clusterApiConfiguration(cluster, {
        user: 'ops-portal-scaffolder',
        timeoutMs: this.timeoutMs,
        signal: options.signal,
      }),
    );
  }

  /**
   * Creates the namespace when it does not exist, annotated `ops-portal/owner: <owner>` (what Argo
   * CD's `managedNamespaceMetadata` puts there too). The Secret must exist before the first Argo
   * CD sync starts the workload, and Argo CD's `CreateNamespace=true` would only create the
   * namespace at that sync, too late for the Secret. An existing namespace is used only when it
   * carries the same owner annotation: one of another owner, or one the portal did not create,
   * is refused (NotAllowedError), and so is one the service account may not read.
   */
  async ensureNamespace(
    name: string,
    { owner }: { owner: string },
  ): Promise<'created' | 'existing'> {
    let readable = true;
    try {
      const existing = await this.core.readNamespace({ name });
      this.assertOwned(name, owner, existing.metadata?.annotations);
      return 'existing';
    } catch (error) {
      if (error instanceof NotAllowedError) throw error;
      // 403: a service account may create namespaces without being allowed to read them.
      const status = kubernetesApiStatus(error);
      if (status !== 404 && status !== 403) {
        throw this.failure(error, `reading namespace '${name}'`);
      }
      readable = status !== 403;
    }
    try {
      await this.core.createNamespace({
        body: {
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: {
            name,
            labels: { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE },
            annotations: { [NAMESPACE_OWNER_ANNOTATION]: owner },
          },
        },
      });
      return 'created';
    } catch (error) {
      if (kubernetesApiStatus(error) !== 409) {
        throw this.failure(error, `creating namespace '${name}'`);
      }
    }
    // Created concurrently, or hidden from a reader without `get`: only an owned one is used.
    if (!readable) {
      throw new NotAllowedError(
        `Kubernetes cluster '${this.cluster.name}': namespace '${name}' exists and its owner cannot be read; refusing to write into it`,
      );
    }
    let current;
    try {
      current = await this.core.readNamespace({ name });
    } catch (error) {
      throw this.failure(error, `reading namespace '${name}'`);
    }
    this.assertOwned(name, owner, current.metadata?.annotations);
    return 'existing';
  }

  private assertOwned(
    name: string,
    owner: string,
    annotations: Record<string, string> | undefined,
  ): void {
    const current = annotations?.[NAMESPACE_OWNER_ANNOTATION];
    if (current === owner) return;
    throw new NotAllowedError(
      current
        ? `Kubernetes cluster '${this.cluster.name}': namespace '${name}' belongs to ${current}, not ${owner}; refusing to write into it`
        : `Kubernetes cluster '${this.cluster.name}': namespace '${name}' exists and is not managed by the portal (no ${NAMESPACE_OWNER_ANNOTATION} annotation); refusing to write into it`,
    );
  }

  /**
   * Creates the Secret, or replaces it (with the `resourceVersion` read) when its data or labels
   * differ. A Secret not labelled as managed by the portal is never overwritten.
   */
  async applySecret(spec: SecretSpec): Promise<SecretApplyOutcome> {
    const { namespace, name } = spec;
    const existing = await this.readSecret(namespace, name);
    const data = encode(spec.values);
    if (!existing) {
      try {
        await this.core.createNamespacedSecret({
          namespace,
          body: {
            apiVersion: 'v1',
            kind: 'Secret',
            type: 'Opaque',
            metadata: { name, namespace, labels: spec.labels },
            data,
          },
        });
        return 'created';
      } catch (error) {
        if (kubernetesApiStatus(error) !== 409) {
          throw this.failure(error, `creating Secret ${namespace}/${name}`);
        }
        // Created concurrently: fall through to the replace path with what is there now.
        return this.replace(spec, data, await this.readSecret(namespace, name));
      }
    }
    return this.replace(spec, data, existing);
  }

  private async replace(
    spec: SecretSpec,
    data: Record<string, string>,
    existing: V1Secret | undefined,
  ): Promise<SecretApplyOutcome> {
    const { namespace, name } = spec;
    if (!existing) {
      throw new ConflictError(
        `Kubernetes cluster '${this.cluster.name}': Secret ${namespace}/${name} vanished while it was being written; run the template again`,
      );
    }
    const labels = existing.metadata?.labels ?? {};
    if (labels[MANAGED_BY_LABEL] !== MANAGED_BY_VALUE) {
      throw new ConflictError(
        `Kubernetes cluster '${this.cluster.name}': Secret ${namespace}/${name} already exists and is not labelled ${MANAGED_BY_LABEL}=${MANAGED_BY_VALUE}; refusing to overwrite it. Choose another secret name or delete that Secret.`,
      );
    }
    const mergedLabels = { ...labels, ...spec.labels };
    if (
      existing.type === 'Opaque' &&
      sameEntries(existing.data, data) &&
      sameEntries(labels, mergedLabels)
    ) {
      return 'unchanged';
    }
    try {
      await this.core.replaceNamespacedSecret({
        name,
        namespace,
        body: {
          apiVersion: 'v1',
          kind: 'Secret',
          type: 'Opaque',
          metadata: {
            name,
            namespace,
            labels: mergedLabels,
            annotations: existing.metadata?.annotations,
            resourceVersion: existing.metadata?.resourceVersion,
          },
          data,
        },
      });
      return 'replaced';
    } catch (error) {
      throw this.failure(error, `replacing Secret ${namespace}/${name}`);
    }
  }

  private async readSecret(
    namespace: string,
    name: string,
  ): Promise<V1Secret | undefined> {
    try {
      return await this.core.readNamespacedSecret({ name, namespace });
    } catch (error) {
      if (kubernetesApiStatus(error) === 404) {
        return undefined;
      }
      throw this.failure(error, `reading Secret ${namespace}/${name}`);
    }
  }

  private failure(error: unknown, operation: string): UpstreamError {
    return kubernetesUpstreamError(error, {
      cluster: this.cluster,
      timeoutMs: this.timeoutMs,
      operation,
    });
  }
}
