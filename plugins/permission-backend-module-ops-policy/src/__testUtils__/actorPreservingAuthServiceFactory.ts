import {
  AuthService,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';

/**
 * The mock auth service of `@backstage/backend-test-utils`, except that a plugin's request on behalf
 * of a user carries the plugin as the actor, as real on-behalf-of tokens do. Without it the
 * permission framework refuses those requests (a user token without an actor is a direct user
 * request), so conditional decisions could not be applied in tests.
 */
export const actorPreservingAuthServiceFactory = createServiceFactory({
  service: coreServices.auth,
  deps: { plugin: coreServices.pluginMetadata },
  factory({ plugin }): AuthService {
    const pluginId = plugin.getId();
    const mockAuth = mockServices.auth({ pluginId });
    return {
      authenticate: (token, options) => mockAuth.authenticate(token, options),
      getNoneCredentials: () => mockAuth.getNoneCredentials(),
      getOwnServiceCredentials: () => mockAuth.getOwnServiceCredentials(),
      isPrincipal: mockAuth.isPrincipal.bind(
        mockAuth,
      ) as AuthService['isPrincipal'],
      getLimitedUserToken: credentials =>
        mockAuth.getLimitedUserToken(credentials),
      listPublicServiceKeys: () => mockAuth.listPublicServiceKeys(),
      async getPluginRequestToken(options) {
        const { onBehalfOf } = options;
        if (!mockAuth.isPrincipal(onBehalfOf, 'user')) {
          return mockAuth.getPluginRequestToken(options);
        }
        return {
          token: mockCredentials.user.token(
            onBehalfOf.principal.userEntityRef,
            {
              actor: { subject: `plugin:${pluginId}` },
            },
          ),
        };
      },
    };
  },
});
