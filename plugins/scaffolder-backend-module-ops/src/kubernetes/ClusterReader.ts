import { Config } from '@backstage/config';
import {
  clusterApiConfiguration,
  ConfiguredCluster,
  describeKubernetesFailure,
  kubernetesApiStatus,
  readConfiguredCluster,
} from '@internal/plugin-ops-node';
import { CoreV1Api, NetworkingV1Api } from '@kubernetes/client-node';

/** A namespace as the render step sees it: its name and annotations. */
export interface LiveNamespace {
  name: string;
  annotations: Record<string, string>;
}

/** One path of one Ingress rule in the cluster. */
export interface LiveIngressPath {
  namespace: string;
  /** Name of the Ingress. */
  name: string;
  /** Host of the rule; undefined matches any host. */
  host?: string;
  path: string;
}

/** The cluster reads the render step makes before anything is written. */
export interface ClusterReader {
  /** The namespace, or undefined when it does not exist. */
  readNamespace(name: string): Promise<LiveNamespace | undefined>;
  /** Every path of every Ingress in every namespace. */
  listIngressPaths(): Promise<LiveIngressPath[]>;
}

const CONFIG_KEY = 'opsPortal.scaffolder.cluster';
const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * Reads namespaces and Ingresses of the cluster named by `opsPortal.scaffolder.cluster`, with
 * the credential of that cluster in `kubernetes.clusterLocatorMethods` (the read-only one the
 * cards use: it needs `get` on namespaces and `list` on ingresses across namespaces). Errors name
 * the cluster and the operation, never the token.
 */
export function createClusterReader(
  config: Config,
  options: { timeoutMs?: number } = {},
): ClusterReader {
  const name = config.getOptionalString(CONFIG_KEY);
  if (!name) {
    throw new Error(
      `Missing config '${CONFIG_KEY}': the cluster whose namespaces and routes a new service is checked against`,
    );
  }
  const cluster: ConfiguredCluster = readConfiguredCluster(
    config,
    name,
    CONFIG_KEY,
  );
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const configuration = clusterApiConfiguration(cluster, {
    user: 'ops-portal-scaffolder-reader',
    timeoutMs,
  });
  const core = new CoreV1Api(configuration);
  const networking = new NetworkingV1Api(configuration);
  const failure = (error: unknown, operation: string) =>
    new Error(
      describeKubernetesFailure(error, {
        cluster,
        timeoutMs,
        operation,
      }).message,
    );

  return {
    async readNamespace(namespace) {
      try {
        const found = await core.readNamespace({ name: namespace });
        return {
          name: namespace,
          annotations: { ...(found.metadata?.annotations ?? {}) },
        };
      } catch (error) {
        if (kubernetesApiStatus(error) === 404) return undefined;
        throw failure(error, `reading namespace '${namespace}'`);
      }
    },
    async listIngressPaths() {
      let list;
      try {
        list = await networking.listIngressForAllNamespaces();
      } catch (error) {
        throw failure(error, 'listing Ingresses in all namespaces');
      }
      return list.items.flatMap(ingress =>
        (ingress.spec?.rules ?? []).flatMap(rule =>
          (rule.http?.paths ?? []).map(path => ({
            namespace: ingress.metadata?.namespace ?? '',
            name: ingress.metadata?.name ?? '',
            ...(rule.host ? { host: rule.host } : {}),
            path: path.path ?? '/',
          })),
        ),
      );
    },
  };
}
