import { Config } from '@backstage/config';
import { readClusterWriter } from '@internal/plugin-ops-node';

/** A cluster of `kubernetes.clusterLocatorMethods` (type `config`) the actions write to. */
export type ClusterSettings = {
  name: string;
  /** API server URL, e.g. `https://k8s.example.com:6443`. */
  url: string;
  /** Service account token. Never logged. */
  serviceAccountToken: string;
  skipTLSVerify: boolean;
  /** Base64 PEM of the API server CA. */
  caData?: string;
};

/**
 * Finds the cluster named by `opsPortal.scaffolder.cluster` among the clusters of
 * `kubernetes.clusterLocatorMethods[type=config]`, so the portal's Kubernetes plugin and the
 * scaffolder actions share one definition. The token is the writer's
 * (`opsPortal.kubernetes.writers`), not the read-only one of the Kubernetes plugin.
 */
export function readClusterConfig(config: Config): ClusterSettings {
  const name = config.getOptionalString('opsPortal.scaffolder.cluster');
  if (!name) {
    throw new Error(
      "Missing config 'opsPortal.scaffolder.cluster': the name of the cluster (in kubernetes.clusterLocatorMethods) that receives the client Secret",
    );
  }
  const clusters = (
    config.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? []
  )
    .filter(method => method.getOptionalString('type') === 'config')
    .flatMap(method => method.getOptionalConfigArray('clusters') ?? []);
  const cluster = clusters.find(c => c.getOptionalString('name') === name);
  if (!cluster) {
    const known = clusters
      .map(c => c.getOptionalString('name'))
      .filter(Boolean);
    throw new Error(
      `Config 'opsPortal.scaffolder.cluster' names cluster '${name}', which is not among the clusters of kubernetes.clusterLocatorMethods (type config)${
        known.length ? `: ${known.join(', ')}` : ''
      }`,
    );
  }
  const { serviceAccountToken } = readClusterWriter(
    config,
    name,
    'opsPortal.scaffolder.cluster',
  );
  return {
    name,
    url: cluster.getString('url').replace(/\/+$/, ''),
    serviceAccountToken,
    skipTLSVerify: cluster.getOptionalBoolean('skipTLSVerify') ?? false,
    caData: cluster.getOptionalString('caData'),
  };
}
