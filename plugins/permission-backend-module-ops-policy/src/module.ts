import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { OpsPermissionPolicy, readOpsPolicyConfig } from './policy';

/**
 * Installs {@link OpsPermissionPolicy} as the permission backend's policy, with the admin groups
 * from `permission.opsPolicy.adminGroups`; denials go to the permission plugin's auditor.
 * @public
 */
export const permissionModuleOpsPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'ops-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        config: coreServices.rootConfig,
        userInfo: coreServices.userInfo,
        auditor: coreServices.auditor,
        logger: coreServices.logger,
      },
      async init({ policy, config, userInfo, auditor, logger }) {
        const { adminGroups } = readOpsPolicyConfig(config);
        if (adminGroups.length === 0) {
          logger.warn(
            'permission.opsPolicy.adminGroups is empty: admin-only permissions are denied to everyone',
          );
        }
        policy.setPolicy(
          new OpsPermissionPolicy({ adminGroups, userInfo, auditor }),
        );
      },
    });
  },
});
