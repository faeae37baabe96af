import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { OpsPermissionPolicy, readOpsPolicyConfig } from './policy';

/**
 * Installs {@link OpsPermissionPolicy} as the permission backend's policy, with the admin groups
 * from `permission.opsPolicy.adminGroups`.
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
        logger: coreServices.logger,
      },
      async init({ policy, config, userInfo, logger }) {
        const { adminGroups } = readOpsPolicyConfig(config);
        if (adminGroups.length === 0) {
          logger.warn(
            'permission.opsPolicy.adminGroups is empty: only entity owners may run ops mutations',
          );
        }
        policy.setPolicy(new OpsPermissionPolicy({ adminGroups, userInfo }));
      },
    });
  },
});
