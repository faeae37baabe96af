import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  authProvidersExtensionPoint,
  createOAuthProviderFactory,
} from '@backstage/plugin-auth-node';
import { oidcAuthenticator } from '@backstage/plugin-auth-backend-module-oidc-provider';
import { verifiedEmailMatchingUserEntityProfileEmail } from './verifiedEmailSignInResolver';

/**
 * The `oidc` sign-in provider (Keycloak in production) with one resolver only:
 * `verifiedEmailMatchingUserEntityProfileEmail`. It replaces the stock OIDC module so that no
 * configuration can pick a resolver that matches users by the local part of their email.
 */
export const authModuleOidcVerifiedEmail = createBackendModule({
  pluginId: 'auth',
  moduleId: 'oidc-provider',
  register(reg) {
    reg.registerInit({
      deps: { providers: authProvidersExtensionPoint },
      async init({ providers }) {
        providers.registerProvider({
          providerId: 'oidc',
          factory: createOAuthProviderFactory({
            authenticator: oidcAuthenticator,
            signInResolverFactories: {
              verifiedEmailMatchingUserEntityProfileEmail,
            },
          }),
        });
      },
    });
  },
});
