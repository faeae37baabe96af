import { Config } from '@backstage/config';
import { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import { auditedAction } from './auditedAction';
import { readServiceManifestSettings } from '../manifests';
import { createArgoCdApplicationAction } from './createArgoCdApplication';
import { createKeycloakClientAction } from './createKeycloakClient';
import { createPublishToGitOpsAction } from './publishToGitOps';
import { createRenderServiceManifestsAction } from './renderServiceManifests';

/** What the actions are built from. */
export interface OpsActionsOptions {
  config: Config;
  logger: LoggerService;
  auditor: AuditorService;
}

/**
 * Every action of this module; those that write outside the workspace are audited. Each reads its `opsPortal` settings when it runs, so a portal
 * without them still starts and a run fails naming the missing key.
 */
export function createOpsActions({ config, auditor }: OpsActionsOptions) {
  const adminGroups =
    config.getOptionalStringArray('permission.opsPolicy.adminGroups') ?? [];
  // Only the actions that change something outside the task's workspace are audited.
  return [
    createRenderServiceManifestsAction({
      settings: () => readServiceManifestSettings(config),
      adminGroups,
    }),
    auditedAction(createKeycloakClientAction({ config }), auditor),
    auditedAction(createPublishToGitOpsAction({ config }), auditor),
    auditedAction(createArgoCdApplicationAction({ config }), auditor),
  ];
}
