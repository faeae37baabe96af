import { Config } from '@backstage/config';
import {
  findWriterEntry,
  writerCredentialsRequired,
} from './writerCredentials';

/**
 * Where one kind of upstream is configured: the entries of `<locatorKey>[type=config].<listKey>`
 * (what the upstream's own Backstage plugin reads, with the read-only secret), and the writer
 * credentials kept apart in `<writersKey>`.
 */
export interface ConfiguredEntries {
  /** The kind, as messages name it: `cluster`, `Argo CD instance`. */
  what: string;
  locatorKey: string;
  listKey: string;
  /** Where the entries live, as messages name it. */
  among: string;
  writersKey: string;
  /** The key of a writer entry that names the entry: `cluster`, `instance`. */
  writerNameKey: string;
  /** The secret's key, in the entry and in its writer entry. */
  secretKey: string;
  /** Who should hold the writer secret, for the message when it equals the reader's. */
  writerAccount: string;
}

/** The clusters of `kubernetes.clusterLocatorMethods` and `opsPortal.kubernetes.writers`. */
export const CLUSTER_ENTRIES: ConfiguredEntries = {
  what: 'cluster',
  locatorKey: 'kubernetes.clusterLocatorMethods',
  listKey: 'clusters',
  among: 'the clusters of kubernetes.clusterLocatorMethods',
  writersKey: 'opsPortal.kubernetes.writers',
  writerNameKey: 'cluster',
  secretKey: 'serviceAccountToken',
  writerAccount: 'service account',
};

/** The instances of `argocd.appLocatorMethods` and `opsPortal.argocd.writers`. */
export const ARGOCD_ENTRIES: ConfiguredEntries = {
  what: 'Argo CD instance',
  locatorKey: 'argocd.appLocatorMethods',
  listKey: 'instances',
  among: 'argocd.appLocatorMethods',
  writersKey: 'opsPortal.argocd.writers',
  writerNameKey: 'instance',
  secretKey: 'token',
  writerAccount: 'account',
};

/**
 * The entry `name` among `<locatorKey>[type=config].<listKey>`; throws naming `configKey` (the
 * key that named it) and the known entries when there is none.
 */
export function findConfiguredEntry(
  config: Config,
  entries: ConfiguredEntries,
  name: string,
  configKey: string,
): Config {
  const all = (config.getOptionalConfigArray(entries.locatorKey) ?? [])
    .filter(method => method.getOptionalString('type') === 'config')
    .flatMap(method => method.getOptionalConfigArray(entries.listKey) ?? []);
  const entry = all.find(e => e.getOptionalString('name') === name);
  if (!entry) {
    const known = all.map(e => e.getOptionalString('name')).filter(Boolean);
    throw new Error(
      `Config '${configKey}' names ${
        entries.what
      } '${name}', which is not among ${entries.among} (type config)${
        known.length ? `: ${known.join(', ')}` : ''
      }`,
    );
  }
  return entry;
}

/**
 * The writer secret of entry `name`: the one of its `<writersKey>` entry. Without one, production
 * (`auth.environment: production`) refuses, and development falls back to `readerSecret` when
 * there is one. In production a writer secret equal to the reader's is refused too.
 */
export function readWriterSecret(
  config: Config,
  entries: ConfiguredEntries,
  name: string,
  options: { configKey: string; readerSecret?: string },
): string {
  const { writersKey, writerNameKey, secretKey, what } = entries;
  const writer = findWriterEntry(config, writersKey, writerNameKey, name);
  const required = writerCredentialsRequired(config);
  if (!writer) {
    if (!required && !options.readerSecret) {
      throw new Error(
        `The ${what} '${name}' has no ${secretKey} in ${entries.locatorKey} and no entry in ${writersKey}; '${options.configKey}' needs one`,
      );
    }
    if (required || !options.readerSecret) {
      throw new Error(
        `Config '${options.configKey}' names ${what} '${name}', which has no writer credential: add { ${writerNameKey}: ${name}, ${secretKey} } to ${writersKey} (the token in ${entries.locatorKey} is the read-only one)`,
      );
    }
    return options.readerSecret;
  }
  const secret = writer.getString(secretKey);
  if (required && secret === options.readerSecret) {
    throw new Error(
      `The writer token of ${what} '${name}' in ${writersKey} equals the read-only token of ${entries.locatorKey}; give the writers their own ${entries.writerAccount}`,
    );
  }
  return secret;
}
