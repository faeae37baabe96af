import { Config } from '@backstage/config';

/**
 * Whether every writer must have its own credential: true when the config is a production one
 * (`auth.environment: production`). In development a writer without its own entry uses the
 * reader's credential; against a platform that enforces the split (the local sandbox) its writes
 * are then refused with 403, which says what is missing.
 * @public
 */
export function writerCredentialsRequired(config: Config): boolean {
  return config.getOptionalString('auth.environment') === 'production';
}

/**
 * The entry of `opsPortal.<block>.writers` whose `nameKey` equals `name`, or undefined. Two
 * entries for one name are a configuration error: which token applies would be ambiguous.
 */
export function findWriterEntry(
  config: Config,
  writersKey: string,
  nameKey: string,
  name: string,
): Config | undefined {
  const entries = (config.getOptionalConfigArray(writersKey) ?? []).filter(
    entry => entry.getString(nameKey) === name,
  );
  if (entries.length > 1) {
    throw new Error(
      `Config '${writersKey}' has ${entries.length} entries with ${nameKey} '${name}'; keep one`,
    );
  }
  return entries[0];
}
