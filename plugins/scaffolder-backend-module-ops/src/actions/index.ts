import { Config } from '@backstage/config';
import {
  AuditorService,
  AuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { auditedAction } from './auditedAction';
import { createClusterReader } from '../kubernetes/ClusterReader';
import { readServiceManifestSettings } from '../manifests';
import { createArgoCdApplicationAction } from './createArgoCdApplication';
import { createKeycloakClientAction } from './createKeycloakClient';
import { createPreflightServiceAction } from './preflightService';
import { createPublishToGitOpsAction } from './publishToGitOps';
import { createRegisterServiceEntityAction } from './registerServiceEntity';
import { createRenderServiceManifestsAction } from './renderServiceManifests';

/** What the actions are built from. */
export interface OpsActionsOptions {
  config: Config;
  logger: LoggerService;
  auditor: AuditorService;
  /** Read by `ops:service:preflight`, written by `ops:catalog:register`, with the portal's own credentials. */
  catalog: CatalogService;
  auth: AuthService;
}

/**
 * Every action of this module; those that write outside the workspace are audited. Each reads its `opsPortal` settings when it runs, so a portal
 * without them still starts and a run fails naming the missing key.
 */
export function createOpsActions({
  config,
  auditor,
  catalog,
  auth,
}: OpsActionsOptions) {
  const adminGroups =
    config.getOptionalStringArray('permission.opsPolicy.adminGroups') ?? [];
  // The actions that change something outside the task's workspace are audited, and the
  // preflight, whose refusals (dry runs included) are the record of attempted takeovers.
  return [
    auditedAction(
      createPreflightServiceAction({ config, catalog, auth, adminGroups }),
      auditor,
      { dryRuns: true },
    ),
    auditedAction(
      createRenderServiceManifestsAction({
        settings: () => readServiceManifestSettings(config),
        adminGroups,
        clusterReader: () => createClusterReader(config),
      }),
      auditor,
    ),
    auditedAction(createKeycloakClientAction({ config, adminGroups }), auditor),
    auditedAction(
      createPublishToGitOpsAction({ config, adminGroups }),
      auditor,
    ),
    auditedAction(
      createArgoCdApplicationAction({ config, adminGroups }),
      auditor,
    ),
    auditedAction(
      createRegisterServiceEntityAction({ config, catalog, auth, adminGroups }),
      auditor,
    ),
  ];
}
