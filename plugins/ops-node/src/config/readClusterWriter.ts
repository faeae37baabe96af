import { Config } from '@backstage/config';
import {
  ConfiguredCluster,
  readConfiguredCluster,
} from './readConfiguredCluster';
import { CLUSTER_ENTRIES, readWriterSecret } from './configuredEntries';

/** Where the writer credentials of clusters live. @public */
export const CLUSTER_WRITERS_KEY = CLUSTER_ENTRIES.writersKey;

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
  const serviceAccountToken = readWriterSecret(config, CLUSTER_ENTRIES, name, {
    configKey,
    readerSecret: cluster.serviceAccountToken,
  });
  return { ...cluster, serviceAccountToken };
}
