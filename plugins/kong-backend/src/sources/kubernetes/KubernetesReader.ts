import {
  AppsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  DiscoveryV1Api,
  NetworkingV1Api,
  V1EndpointSlice,
  V1Endpoints,
  V1Ingress,
  V1Pod,
  V1Service,
} from '@kubernetes/client-node';
import {
  clusterApiConfiguration,
  kubernetesApiStatus,
  kubernetesUpstreamError,
  UpstreamError,
} from '@internal/plugin-ops-node';
import { KongClusterSettings } from '../../config/readKongConfig';

/** A custom resource as the API returns it. */
export type KubeObject = {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  [key: string]: any;
};

const KONG_GROUP = 'configuration.konghq.com';
const GATEWAY_GROUP = 'gateway.networking.k8s.io';

/**
 * The read-only Kubernetes calls of the Kong card, through `@kubernetes/client-node`, each with
 * a timeout. Failures become {@link UpstreamError}s that name the cluster (its URL apart); the client's own
 * error messages (which repeat headers and bodies) are never passed on.
 */
export class KubernetesReader {
  private readonly core: CoreV1Api;
  private readonly apps: AppsV1Api;
  private readonly networking: NetworkingV1Api;
  private readonly discovery: DiscoveryV1Api;
  private readonly custom: CustomObjectsApi;

  constructor(
    private readonly cluster: KongClusterSettings,
    private readonly timeoutMs: number,
  ) {
    const configuration = clusterApiConfiguration(cluster, {
      user: 'ops-portal-kong',
      timeoutMs,
    });
    this.core = new CoreV1Api(configuration);
    this.apps = new AppsV1Api(configuration);
    this.networking = new NetworkingV1Api(configuration);
    this.discovery = new DiscoveryV1Api(configuration);
    this.custom = new CustomObjectsApi(configuration);
  }

  async listIngresses(namespace: string): Promise<V1Ingress[]> {
    return this.call(
      `listing Ingresses in namespace ${namespace}`,
      async () =>
        (await this.networking.listNamespacedIngress({ namespace })).items,
    );
  }

  /** HTTPRoutes, or undefined when the Gateway API CRDs are not installed (404). */
  async listHttpRoutes(namespace: string): Promise<KubeObject[] | undefined> {
    return this.orUndefinedOn404(
      `listing HTTPRoutes in namespace ${namespace}`,
      async () =>
        (
          await this.custom.listNamespacedCustomObject({
            group: GATEWAY_GROUP,
            version: 'v1',
            namespace,
            plural: 'httproutes',
          })
        ).items,
    );
  }

  /** The KongPlugins of a namespace; none when the Kong CRDs are not installed (404). */
  async listKongPlugins(namespace: string): Promise<KubeObject[]> {
    const items = await this.orUndefinedOn404(
      `listing KongPlugins in namespace ${namespace}`,
      async () =>
        (
          await this.custom.listNamespacedCustomObject({
            group: KONG_GROUP,
            version: 'v1',
            namespace,
            plural: 'kongplugins',
          })
        ).items,
    );
    return items ?? [];
  }

  /**
   * Every KongClusterPlugin (those named by an annotation and the global ones, labelled
   * `global: "true"`); none when the Kong CRDs are not installed (404).
   */
  async listKongClusterPlugins(): Promise<KubeObject[]> {
    const items = await this.orUndefinedOn404(
      'listing KongClusterPlugins',
      async () =>
        (
          await this.custom.listClusterCustomObject({
            group: KONG_GROUP,
            version: 'v1',
            plural: 'kongclusterplugins',
          })
        ).items,
    );
    return items ?? [];
  }

  async listServices(namespace: string): Promise<V1Service[]> {
    return this.call(
      `listing Services in namespace ${namespace}`,
      async () => (await this.core.listNamespacedService({ namespace })).items,
    );
  }

  /** The EndpointSlices of a namespace, or undefined when the discovery API is not served. */
  async listEndpointSlices(
    namespace: string,
  ): Promise<V1EndpointSlice[] | undefined> {
    return this.orUndefinedOn404(
      `listing EndpointSlices in namespace ${namespace}`,
      async () =>
        (await this.discovery.listNamespacedEndpointSlice({ namespace })).items,
    );
  }

  async endpoints(
    namespace: string,
    service: string,
  ): Promise<V1Endpoints | undefined> {
    return this.orUndefinedOn404(
      `reading Endpoints ${namespace}/${service}`,
      () => this.core.readNamespacedEndpoints({ namespace, name: service }),
    );
  }

  /** Ready replicas of a Deployment, or undefined when it does not exist. */
  async deploymentReadyReplicas(
    namespace: string,
    name: string,
  ): Promise<number | undefined> {
    const deployment = await this.orUndefinedOn404(
      `reading Deployment ${namespace}/${name}`,
      () => this.apps.readNamespacedDeployment({ namespace, name }),
    );
    return deployment ? deployment.status?.readyReplicas ?? 0 : undefined;
  }

  async listPods(namespace: string, labelSelector: string): Promise<V1Pod[]> {
    return this.call(
      `listing Pods in namespace ${namespace}`,
      async () =>
        (await this.core.listNamespacedPod({ namespace, labelSelector })).items,
    );
  }

  private async orUndefinedOn404<T>(
    operation: string,
    fn: () => Promise<T>,
  ): Promise<T | undefined> {
    try {
      return await fn();
    } catch (error) {
      if (kubernetesApiStatus(error) === 404) return undefined;
      throw this.failure(error, operation);
    }
  }

  private async call<T>(operation: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw this.failure(error, operation);
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
