import { LoggerService } from '@backstage/backend-plugin-api';
import {
  CoreV1Api,
  CustomObjectsApi,
  V1Namespace,
  V1Pod,
  V1Service,
} from '@kubernetes/client-node';
import type { IstioObject } from '@internal/plugin-traffic-common';
import {
  clusterApiConfiguration,
  ConfiguredCluster,
  kubernetesApiStatus,
  kubernetesUpstreamError,
  UpstreamError,
} from '@internal/plugin-ops-node';

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

/** A replace refused because the object changed since it was read (HTTP 409). */
export class ResourceVersionConflict extends Error {
  name = 'ResourceVersionConflict';
}

/**
 * The traffic editor's Kubernetes calls through `@kubernetes/client-node`, each with a timeout:
 * VirtualService/DestinationRule get and replace (optimistic concurrency on `resourceVersion`),
 * the Service behind the DestinationRule host and its Pods, and the Namespace (for its owner
 * annotation). Failures become {@link UpstreamError}s naming the cluster by its configured name;
 * the API server's URL goes to the server log only, and the client's own messages (which repeat
 * headers and bodies) are never passed on.
 */
export class KubernetesTrafficClient {
  private readonly core: CoreV1Api;
  private readonly custom: CustomObjectsApi;

  constructor(
    private readonly cluster: ConfiguredCluster,
    private readonly options: {
      timeoutMs: number;
      istioApiVersion: string;
      logger?: LoggerService;
    },
  ) {
    const configuration = clusterApiConfiguration(cluster, {
      user: 'ops-portal-traffic',
      timeoutMs: options.timeoutMs,
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
      if (kubernetesApiStatus(error) === 404) return undefined;
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
      if (kubernetesApiStatus(error) === 409) {
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
      if (kubernetesApiStatus(error) === 404) return undefined;
      throw this.failure(error, `reading Service ${namespace}/${name}`);
    }
  }

  /** The Namespace, or undefined when it does not exist. */
  async getNamespace(name: string): Promise<V1Namespace | undefined> {
    try {
      return await this.core.readNamespace({ name });
    } catch (error) {
      if (kubernetesApiStatus(error) === 404) return undefined;
      throw this.failure(error, `reading Namespace ${name}`);
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
    const failure = kubernetesUpstreamError(error, {
      cluster: this.cluster,
      timeoutMs: this.options.timeoutMs,
      operation,
    });
    this.options.logger?.warn(`Traffic editor: ${failure.logMessage}`);
    return failure;
  }
}
