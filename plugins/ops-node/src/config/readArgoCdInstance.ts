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
 * Finds the Argo CD instance `name` among `argocd.appLocatorMethods[type=config].instances`, the
 * block the Roadie Argo CD backend reads, so every plugin talks to the same Argo CD. The instance
 * needs an API token (`token`). `configKey` is the key that named it, for error messages.
 * @public
 */
export function readArgoCdInstance(
  config: Config,
  name: string,
  configKey: string,
): ArgoCdInstance {
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
  const token = instance.getOptionalString('token');
  if (!token) {
    throw new Error(
      `Argo CD instance '${name}' has no token in argocd.appLocatorMethods; '${configKey}' needs an API token`,
    );
  }
  const url = instance.getString('url').replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+/.test(url)) {
    throw new Error(`Argo CD instance '${name}' has an invalid url '${url}'`);
  }
  return { name, url, token };
}
