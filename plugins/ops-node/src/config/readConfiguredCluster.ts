import { Config } from '@backstage/config';

/** A cluster of `kubernetes.clusterLocatorMethods` (type `config`). @public */
export interface ConfiguredCluster {
  name: string;
  /** API server URL without a trailing slash. */
  url: string;
  /** Bearer token; never logged, never returned. */
  serviceAccountToken?: string;
  skipTLSVerify: boolean;
  caData?: string;
}

/**
 * Finds the cluster `name` among `kubernetes.clusterLocatorMethods[type=config].clusters`, the
 * block the Kubernetes plugin reads, so every plugin talks to the same cluster. Its
 * `serviceAccountToken` is the portal's read-only credential (cards, the Kong source); writers use
 * {@link readClusterWriter}. `configKey` is the key that named it, for the error message.
 * @public
 */
export function readConfiguredCluster(
  config: Config,
  name: string,
  configKey: string,
): ConfiguredCluster {
  const clusters = (
    config.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? []
  )
    .filter(method => method.getOptionalString('type') === 'config')
    .flatMap(method => method.getOptionalConfigArray('clusters') ?? []);
  const cluster = clusters.find(c => c.getOptionalString('name') === name);
  if (!cluster) {
    const known = clusters.map(c => c.getOptionalString('name'));
    throw new Error(
      `Config '${configKey}' names cluster '${name}', which is not among the clusters of kubernetes.clusterLocatorMethods (type config)${
        known.length ? `: ${known.join(', ')}` : ''
      }`,
    );
  }
  return {
    name,
    url: cluster.getString('url').replace(/\/+$/, ''),
    serviceAccountToken: cluster.getOptionalString('serviceAccountToken'),
    skipTLSVerify: cluster.getOptionalBoolean('skipTLSVerify') ?? false,
    caData: cluster.getOptionalString('caData'),
  };
}
