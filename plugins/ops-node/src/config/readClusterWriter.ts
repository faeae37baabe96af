import { Config } from '@backstage/config';
import {
  ConfiguredCluster,
  readConfiguredCluster,
} from './readConfiguredCluster';
import {
  findWriterEntry,
  writerCredentialsRequired,
} from './writerCredentials';

/** Where the writer credentials of clusters live. @public */
export const CLUSTER_WRITERS_KEY = 'opsPortal.kubernetes.writers';

/**
 * A configured cluster with the credential the portal's writers use (the scaffolder's Secret and
 * namespace writes, the traffic editor's direct writes). @public
 */
export interface ClusterWriter extends ConfiguredCluster {
  /** The writer's bearer token; never logged, never returned. */
  serviceAccountToken: string;
}

/**
 * The cluster `name` of `kubernetes.clusterLocatorMethods` (url, TLS) with the writer token of
 * `opsPortal.kubernetes.writers[cluster=name].serviceAccountToken`. The token in
 * `kubernetes.clusterLocatorMethods` is the read-only one (cards, Kong source) and is never used to
 * write in production: without a writer entry, or with a writer token equal to the reader's, a
 * production config (`auth.environment: production`) is refused. In development a missing entry
 * falls back to the reader token. `configKey` is the key that named the cluster, for messages.
 * @public
 */
export function readClusterWriter(
  config: Config,
  name: string,
  configKey: string,
): ClusterWriter {
  const cluster = readConfiguredCluster(config, name, configKey);
  const writer = findWriterEntry(config, CLUSTER_WRITERS_KEY, 'cluster', name);
  const required = writerCredentialsRequired(config);
  if (!writer) {
    if (required || !cluster.serviceAccountToken) {
      throw new Error(
        `Config '${configKey}' names cluster '${name}', which has no writer credential: add { cluster: ${name}, serviceAccountToken } to ${CLUSTER_WRITERS_KEY} (the token in kubernetes.clusterLocatorMethods is the read-only one)`,
      );
    }
    return { ...cluster, serviceAccountToken: cluster.serviceAccountToken };
  }
  const token = writer.getString('serviceAccountToken');
  if (required && token === cluster.serviceAccountToken) {
    throw new Error(
      `The writer token of cluster '${name}' in ${CLUSTER_WRITERS_KEY} equals the read-only token of kubernetes.clusterLocatorMethods; give the writers their own service account`,
    );
  }
  return { ...cluster, serviceAccountToken: token };
}
