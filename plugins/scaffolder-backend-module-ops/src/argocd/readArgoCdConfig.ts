import { Config } from '@backstage/config';
import { ArgoCdInstance, readArgoCdWriter } from '@internal/plugin-ops-node';

const INSTANCE_KEY = 'opsPortal.scaffolder.argocdInstance';

/** The Argo CD instance the scaffolder creates Applications in, and what they may point at. */
export type ArgoCdSettings = {
  /** The instance with the writer's token; the token is never logged. */
  instance: ArgoCdInstance;
  /** Argo CD project of new Applications. */
  project: string;
  /** Repositories Applications may use: the GitOps repository when it is configured. */
  allowedRepoUrls: string[];
};

/**
 * Reads the instance named by `opsPortal.scaffolder.argocdInstance` through ops-node's
 * `readArgoCdWriter`: its url from `argocd.appLocatorMethods` (the block the Argo CD cards read,
 * so both talk to the same Argo CD) and the writer's token of `opsPortal.argocd.writers`, not the
 * read-only one of the cards. The project is `opsPortal.scaffolder.argocdProject`.
 */
export function readArgoCdConfig(config: Config): ArgoCdSettings {
  const instanceName = config.getOptionalString(INSTANCE_KEY);
  if (!instanceName) {
    throw new Error(
      `Missing config '${INSTANCE_KEY}': the name of the Argo CD instance (in argocd.appLocatorMethods) that receives Applications`,
    );
  }
  const gitopsRepo = config.getOptionalString('opsPortal.gitops.repoUrl');
  return {
    instance: readArgoCdWriter(config, instanceName, INSTANCE_KEY),
    project:
      config.getOptionalString('opsPortal.scaffolder.argocdProject') ??
      'default',
    allowedRepoUrls: gitopsRepo ? [gitopsRepo] : [],
  };
}
