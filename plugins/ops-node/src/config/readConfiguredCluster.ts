import { Config } from '@backstage/config';
import { CLUSTER_ENTRIES, findConfiguredEntry } from './configuredEntries';

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
  const cluster = findConfiguredEntry(config, CLUSTER_ENTRIES, name, configKey);
  return {
    name,
    url: cluster.getString('url').replace(/\/+$/, ''),
    serviceAccountToken: cluster.getOptionalString('serviceAccountToken'),
    skipTLSVerify: cluster.getOptionalBoolean('skipTLSVerify') ?? false,
    caData: cluster.getOptionalString('caData'),
  };
}
