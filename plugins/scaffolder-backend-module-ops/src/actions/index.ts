import { Config } from '@backstage/config';
import { LoggerService } from '@backstage/backend-plugin-api';
import { readServiceManifestSettings } from '../manifests';
import { createArgoCdApplicationAction } from './createArgoCdApplication';
import { createKeycloakClientAction } from './createKeycloakClient';
import { createPublishToGitOpsAction } from './publishToGitOps';
import { createRenderServiceManifestsAction } from './renderServiceManifests';

/** What the actions are built from. */
export interface OpsActionsOptions {
  config: Config;
  logger: LoggerService;
}

/**
 * Every action of this module. Each reads its `opsPortal` settings when it runs, so a portal
 * without them still starts and a run fails naming the missing key.
 */
export function createOpsActions({ config }: OpsActionsOptions) {
  const adminGroups =
    config.getOptionalStringArray('permission.opsPolicy.adminGroups') ?? [];
  return [
    createRenderServiceManifestsAction({
      settings: () => readServiceManifestSettings(config),
      adminGroups,
    }),
    createKeycloakClientAction({ config }),
    createPublishToGitOpsAction({ config }),
    createArgoCdApplicationAction({ config }),
  ];
}
