import { Config } from '@backstage/config';
import { ArgoCdInstance, argoCdInstanceUrl } from './readArgoCdInstance';
import {
  ARGOCD_ENTRIES,
  findConfiguredEntry,
  readWriterSecret,
} from './configuredEntries';

/** Where the writer credentials of Argo CD instances live. @public */
export const ARGOCD_WRITERS_KEY = ARGOCD_ENTRIES.writersKey;

/**
 * The Argo CD instance `name` of `argocd.appLocatorMethods` (its url) with the writer token of
 * `opsPortal.argocd.writers[instance=name].token`, the API token of an account that may create and
 * sync Applications. The token in `argocd.appLocatorMethods` is the read-only one the Argo CD cards
 * use and is never used to write in production: without a writer entry, or with a writer token
 * equal to the reader's, a production config (`auth.environment: production`) is refused. In
 * development a missing entry falls back to the reader token. `configKey` is the key that named
 * the instance, for messages.
 * @public
 */
export function readArgoCdWriter(
  config: Config,
  name: string,
  configKey: string,
): ArgoCdInstance {
  const instance = findConfiguredEntry(config, ARGOCD_ENTRIES, name, configKey);
  const token = readWriterSecret(config, ARGOCD_ENTRIES, name, {
    configKey,
    readerSecret: instance.getOptionalString('token'),
  });
  return { name, url: argoCdInstanceUrl(instance, name), token };
}
