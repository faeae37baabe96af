import { createBackendModule } from '@backstage/backend-plugin-api';
import { AuthenticationError } from '@backstage/errors';
import {
  authProvidersExtensionPoint,
  createProxyAuthenticator,
  createProxyAuthProviderFactory,
} from '@backstage/plugin-auth-node';

/** The provider id: `GET /api/auth/attack-test/refresh` signs in. */
export const ATTACK_PROVIDER_ID = 'attack-test';
/** The request header that names the catalog user to sign in as (`auth.providers.attack-test.header`). */
export const DEFAULT_USER_HEADER = 'x-attack-user';

const USER_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

/**
 * A sign-in provider for the attack suite only, never part of the portal's feature list: the
 * production sign-in is OIDC against Keycloak, which a test cannot drive. It takes a catalog user
 * name from a request header and signs in as that User entity with the catalog's own resolution,
 * so the Backstage token carries the user's real ownership (the user and the groups it is a member
 * of), as an OIDC sign-in of the same user would.
 */
export const authModuleAttackHeaderSignIn = createBackendModule({
  pluginId: 'auth',
  moduleId: 'attack-header-sign-in',
  register(reg) {
    reg.registerInit({
      deps: { providers: authProvidersExtensionPoint },
      async init({ providers }) {
        providers.registerProvider({
          providerId: ATTACK_PROVIDER_ID,
          factory: createProxyAuthProviderFactory<{ name: string }>({
            authenticator: createProxyAuthenticator({
              defaultProfileTransform: async result => ({
                profile: { displayName: result.name },
              }),
              initialize: ({ config }) => ({
                header: (
                  config.getOptionalString('header') ?? DEFAULT_USER_HEADER
                ).toLowerCase(),
              }),
              async authenticate({ req }, { header }) {
                const name = req.get(header);
                if (!name || !USER_NAME.test(name)) {
                  throw new AuthenticationError(
                    `header ${header} must name a catalog user`,
                  );
                }
                return { result: { name } };
              },
            }),
            signInResolver: async ({ result }, ctx) =>
              ctx.signInWithCatalogUser({ entityRef: { name: result.name } }),
          }),
        });
      },
    });
  },
});
