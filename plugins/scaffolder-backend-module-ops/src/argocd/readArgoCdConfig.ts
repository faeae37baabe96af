import { Config } from '@backstage/config';
import { readArgoCdWriter } from '@internal/plugin-ops-node';

/** The Argo CD instance the scaffolder creates Applications in. */
export type ArgoCdSettings = {
  instanceName: string;
  /** Base URL without a trailing slash. */
  url: string;
  /** API token. Never logged. */
  token: string;
  /** Argo CD project of new Applications. */
  project: string;
  /** Repositories Applications may use: the GitOps repository when it is configured. */
  allowedRepoUrls: string[];
};

/**
 * Finds the instance named by `opsPortal.scaffolder.argocdInstance` among
 * `argocd.appLocatorMethods[type=config].instances`, the block the Roadie Argo CD backend reads,
 * so both talk to the same Argo CD. The token is the writer's (`opsPortal.argocd.writers`), not
 * the read-only one of the Argo CD cards.
 */
export function readArgoCdConfig(config: Config): ArgoCdSettings {
  const instanceName = config.getOptionalString(
    'opsPortal.scaffolder.argocdInstance',
  );
  if (!instanceName) {
    throw new Error(
      "Missing config 'opsPortal.scaffolder.argocdInstance': the name of the Argo CD instance (in argocd.appLocatorMethods) that receives Applications",
    );
  }
  const instances = (
    config.getOptionalConfigArray('argocd.appLocatorMethods') ?? []
  )
    .filter(method => method.getOptionalString('type') === 'config')
    .flatMap(method => method.getOptionalConfigArray('instances') ?? []);
  const instance = instances.find(
    i => i.getOptionalString('name') === instanceName,
  );
  if (!instance) {
    const known = instances
      .map(i => i.getOptionalString('name'))
      .filter(Boolean);
    throw new Error(
      `Config 'opsPortal.scaffolder.argocdInstance' names instance '${instanceName}', which is not among argocd.appLocatorMethods (type config)${
        known.length ? `: ${known.join(', ')}` : ''
      }`,
    );
  }
  const { token } = readArgoCdWriter(
    config,
    instanceName,
    'opsPortal.scaffolder.argocdInstance',
  );
  const url = instance.getString('url').replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+/.test(url)) {
    throw new Error(
      `Argo CD instance '${instanceName}' has an invalid url '${url}'`,
    );
  }
  const gitopsRepo = config.getOptionalString('opsPortal.gitops.repoUrl');
  return {
    instanceName,
    url,
    token,
    project:
      config.getOptionalString('opsPortal.scaffolder.argocdProject') ??
      'default',
    allowedRepoUrls: gitopsRepo ? [gitopsRepo] : [],
  };
}
