import { Config } from '@backstage/config';

/** An instance of `argocd.appLocatorMethods` (type `config`). @public */
export interface ArgoCdInstance {
  name: string;
  /** Base URL without a trailing slash. */
  url: string;
  /** API token; never logged, never returned. */
  token: string;
}

/**
 * The config entry of the instance `name` among `argocd.appLocatorMethods[type=config].instances`;
 * throws naming `configKey` and the known instances when there is none.
 */
export function findArgoCdInstanceEntry(
  config: Config,
  name: string,
  configKey: string,
): Config {
  const instances = (
    config.getOptionalConfigArray('argocd.appLocatorMethods') ?? []
  )
    .filter(method => method.getOptionalString('type') === 'config')
    .flatMap(method => method.getOptionalConfigArray('instances') ?? []);
  const instance = instances.find(i => i.getOptionalString('name') === name);
  if (!instance) {
    const known = instances
      .map(i => i.getOptionalString('name'))
      .filter(Boolean);
    throw new Error(
      `Config '${configKey}' names Argo CD instance '${name}', which is not among argocd.appLocatorMethods (type config)${
        known.length ? `: ${known.join(', ')}` : ''
      }`,
    );
  }
  return instance;
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
  const instance = findArgoCdInstanceEntry(config, name, configKey);
  const token = instance.getOptionalString('token');
  if (!token) {
    throw new Error(
      `Argo CD instance '${name}' has no token in argocd.appLocatorMethods; '${configKey}' needs an API token`,
    );
  }
  return { name, url: argoCdInstanceUrl(instance, name), token };
}
