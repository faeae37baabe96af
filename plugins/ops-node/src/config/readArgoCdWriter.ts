import { Config } from '@backstage/config';
import {
  ArgoCdInstance,
  argoCdInstanceUrl,
  findArgoCdInstanceEntry,
  readArgoCdInstance,
} from './readArgoCdInstance';
import {
  findWriterEntry,
  writerCredentialsRequired,
} from './writerCredentials';

/** Where the writer credentials of Argo CD instances live. @public */
export const ARGOCD_WRITERS_KEY = 'opsPortal.argocd.writers';

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
  const instance = findArgoCdInstanceEntry(config, name, configKey);
  const writer = findWriterEntry(config, ARGOCD_WRITERS_KEY, 'instance', name);
  const required = writerCredentialsRequired(config);
  if (!writer) {
    if (required) {
      throw new Error(
        `Config '${configKey}' names Argo CD instance '${name}', which has no writer credential: add { instance: ${name}, token } to ${ARGOCD_WRITERS_KEY} (the token in argocd.appLocatorMethods is the read-only one)`,
      );
    }
    return readArgoCdInstance(config, name, configKey);
  }
  const token = writer.getString('token');
  if (required && token === instance.getOptionalString('token')) {
    throw new Error(
      `The writer token of Argo CD instance '${name}' in ${ARGOCD_WRITERS_KEY} equals the read-only token of argocd.appLocatorMethods; give the writers their own account`,
    );
  }
  return { name, url: argoCdInstanceUrl(instance, name), token };
}
