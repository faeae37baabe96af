import { Config } from '@backstage/config';
import { ARGOCD_ENTRIES, findConfiguredEntry } from './configuredEntries';

/** An instance of `argocd.appLocatorMethods` (type `config`). @public */
export interface ArgoCdInstance {
  name: string;
  /** Base URL without a trailing slash. */
  url: string;
  /** API token; never logged, never returned. */
  token: string;
}

/** The instance's `url` without a trailing slash; throws when it is not an http(s) URL. */
export function argoCdInstanceUrl(instance: Config, name: string): string {
  const url = instance.getString('url').replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+/.test(url)) {
    throw new Error(`Argo CD instance '${name}' has an invalid url '${url}'`);
  }
  return url;
}

/**
 * Finds the Argo CD instance `name` among `argocd.appLocatorMethods[type=config].instances`, the
 * block the Roadie Argo CD backend reads, so every plugin talks to the same Argo CD. Its `token` is
 * the portal's read-only Argo CD credential (the Argo CD cards); writers use
 * {@link readArgoCdWriter}. `configKey` is the key that named it, for error messages.
 * @public
 */
export function readArgoCdInstance(
  config: Config,
  name: string,
  configKey: string,
): ArgoCdInstance {
  const instance = findConfiguredEntry(config, ARGOCD_ENTRIES, name, configKey);
  const token = instance.getOptionalString('token');
  if (!token) {
    throw new Error(
      `Argo CD instance '${name}' has no token in argocd.appLocatorMethods; '${configKey}' needs an API token`,
    );
  }
  return { name, url: argoCdInstanceUrl(instance, name), token };
}
