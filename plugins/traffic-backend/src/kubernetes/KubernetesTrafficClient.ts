import {
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  RequestContext,
  ServerConfiguration,
  V1Pod,
  V1Service,
  createConfiguration,
} from '@kubernetes/client-node';
import type { IstioObject } from '@internal/plugin-ops-common';
import type { ConfiguredCluster } from '@internal/plugin-ops-node';
import { UpstreamError } from '../errors';

/** A VirtualService or DestinationRule as the API returns it. */
export type LiveIstioObject = IstioObject & {
  metadata: {
    name: string;
    namespace?: string;
    resourceVersion?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [key: string]: unknown;
  };
};

/** The Istio kinds the editor reads and writes. */
export type IstioKind = 'VirtualService' | 'DestinationRule';

const PLURALS: Record<IstioKind, string> = {
  VirtualService: 'virtualservices',
  DestinationRule: 'destinationrules',
};
const ISTIO_GROUP = 'networking.istio.io';

function apiStatus(error: unknown): number | undefined {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'number' ? code : undefined;
}

function statusMessage(body: unknown): string | undefined {
  try {
    const parsed = typeof body === 'string' ? JSON.parse(body) : body;
    const message = (parsed as { message?: unknown })?.message;
    return typeof message === 'string' ? message.slice(0, 300) : undefined;
  } catch {
    return undefined;
  }
}

/** A replace refused because the object changed since it was read (HTTP 409). */
export class ResourceVersionConflict extends Error {
  name = 'ResourceVersionConflict';
}

/**
 * The traffic editor's Kubernetes calls through `@kubernetes/client-node`, each with a timeout:
 * VirtualService/DestinationRule get and replace (optimistic concurrency on `resourceVersion`),
 * the Service behind the DestinationRule host and its Pods. Failures become
 * {@link UpstreamError}s naming the API server; the client's own messages (which repeat headers
 * and bodies) are never passed on.
 */
export class KubernetesTrafficClient {
  private readonly core: CoreV1Api;
  private readonly custom: CustomObjectsApi;

  constructor(
    private readonly cluster: ConfiguredCluster,
    private readonly options: { timeoutMs: number; istioApiVersion: string },
  ) {
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromOptions({
      clusters: [
        {
          name: cluster.name,
          server: cluster.url,
          skipTLSVerify: cluster.skipTLSVerify,
          caData: cluster.caData,
        },
      ],
      users: [
        { name: 'ops-portal-traffic', token: cluster.serviceAccountToken },
      ],
      contexts: [
        {
          name: cluster.name,
          cluster: cluster.name,
          user: 'ops-portal-traffic',
        },
      ],
      currentContext: cluster.name,
    });
    const configuration = createConfiguration({
      baseServer: new ServerConfiguration(cluster.url, {}),
      authMethods: { default: kubeConfig },
      promiseMiddleware: [
        {
          pre: async (context: RequestContext) => {
            context.setSignal(AbortSignal.timeout(options.timeoutMs));
            return context;
          },
          post: async response => response,
        },
      ],
    });
    this.core = new CoreV1Api(configuration);
    this.custom = new CustomObjectsApi(configuration);
  }

  /** The object, or undefined when it does not exist. */
  async getIstioObject(
    kind: IstioKind,
    namespace: string,
    name: string,
  ): Promise<LiveIstioObject | undefined> {
    try {
      return (await this.custom.getNamespacedCustomObject({
        group: ISTIO_GROUP,
        version: this.options.istioApiVersion,
        namespace,
        plural: PLURALS[kind],
        name,
      })) as LiveIstioObject;
    } catch (error) {
      if (apiStatus(error) === 404) return undefined;
      throw this.failure(error, `reading ${kind} ${namespace}/${name}`);
    }
  }

  /**
   * Replaces the object; its `metadata.resourceVersion` must be the one it was read at, else the
   * API answers 409 and this throws {@link ResourceVersionConflict}.
   */
  async replaceIstioObject(
    kind: IstioKind,
    object: LiveIstioObject,
  ): Promise<LiveIstioObject> {
    const namespace = object.metadata.namespace ?? '';
    const name = object.metadata.name;
    try {
      return (await this.custom.replaceNamespacedCustomObject({
        group: ISTIO_GROUP,
        version: this.options.istioApiVersion,
        namespace,
        plural: PLURALS[kind],
        name,
        body: object,
      })) as LiveIstioObject;
    } catch (error) {
      if (apiStatus(error) === 409) {
        throw new ResourceVersionConflict(
          `${kind} ${namespace}/${name} changed since resourceVersion ${object.metadata.resourceVersion}`,
        );
      }
      throw this.failure(error, `replacing ${kind} ${namespace}/${name}`);
    }
  }

  /** The Service, or undefined when it does not exist. */
  async getService(
    namespace: string,
    name: string,
  ): Promise<V1Service | undefined> {
    try {
      return await this.core.readNamespacedService({ namespace, name });
    } catch (error) {
      if (apiStatus(error) === 404) return undefined;
      throw this.failure(error, `reading Service ${namespace}/${name}`);
    }
  }

  async listPods(namespace: string, labelSelector: string): Promise<V1Pod[]> {
    try {
      return (await this.core.listNamespacedPod({ namespace, labelSelector }))
        .items;
    } catch (error) {
      throw this.failure(
        error,
        `listing Pods in namespace ${namespace} (${labelSelector})`,
      );
    }
  }

  private failure(error: unknown, operation: string): UpstreamError {
    const api = `Kubernetes API at ${this.cluster.url} (cluster '${this.cluster.name}')`;
    const status = apiStatus(error);
    if (status !== undefined) {
      const message = statusMessage((error as { body?: unknown }).body);
      const hint =
        status === 401 || status === 403
          ? '; check the serviceAccountToken of the cluster and its RBAC'
          : '';
      return new UpstreamError(
        `${api} refused ${operation} (${status}${
          message ? `: ${message}` : ''
        })${hint}`,
        status,
      );
    }
    const { name, code, cause } = (error ?? {}) as {
      name?: unknown;
      code?: unknown;
      cause?: { code?: unknown };
    };
    if (name === 'AbortError' || name === 'TimeoutError') {
      return new UpstreamError(
        `${api} did not answer within ${this.options.timeoutMs} ms while ${operation}`,
      );
    }
    const networkCode = typeof code === 'string' ? code : cause?.code;
    if (typeof networkCode === 'string') {
      return new UpstreamError(
        `${api} is unreachable (${networkCode}) while ${operation}`,
      );
    }
    const message = error instanceof Error ? error.message : String(error);
    return new UpstreamError(
      `${api} failed while ${operation}: ${message.slice(0, 300)}`,
    );
  }
}
