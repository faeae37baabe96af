import { randomUUID } from 'node:crypto';
import { ClientRepresentation } from './clientRepresentation';

type BuiltinClient = Partial<ClientRepresentation> & { clientId: string };

const PUBLIC = { publicClient: true, nodeReRegistrationTimeout: 0 };
const BEARER_ONLY = {
  bearerOnly: true,
  publicClient: false,
  fullScopeAllowed: false,
  nodeReRegistrationTimeout: 0,
  attributes: { realm_client: 'true' },
};

/** The client that manages a realm: `realm-management` in it, `<realm>-realm` in `master`. */
export function realmManagementClient(
  clientId: string,
  name?: string,
): BuiltinClient {
  return { clientId, ...(name ? { name } : {}), ...BEARER_ONLY };
}

/**
 * The clients Keycloak 26 creates with every realm, as its Admin API shows them (no secret; the
 * bearer-only ones are confidential but have none). `master` has a `<realm>-realm` management
 * client per realm instead of `realm-management`; those are added with each realm.
 */
export function builtinClients(realm: string): BuiltinClient[] {
  const accountBase = `/realms/${realm}/account/`;
  const consoleBase = `/admin/${realm}/console/`;
  return [
    {
      clientId: 'account',
      name: '${client_account}',
      rootUrl: '${authBaseUrl}',
      baseUrl: accountBase,
      redirectUris: [`${accountBase}*`],
      fullScopeAllowed: false,
      ...PUBLIC,
      attributes: { 'post.logout.redirect.uris': '+' },
    },
    {
      clientId: 'account-console',
      name: '${client_account-console}',
      rootUrl: '${authBaseUrl}',
      baseUrl: accountBase,
      redirectUris: [`${accountBase}*`],
      fullScopeAllowed: false,
      ...PUBLIC,
      attributes: {
        'post.logout.redirect.uris': '+',
        'pkce.code.challenge.method': 'S256',
      },
      protocolMappers: [
        {
          id: randomUUID(),
          name: 'audience resolve',
          protocol: 'openid-connect',
          protocolMapper: 'oidc-audience-resolve-mapper',
          consentRequired: false,
          config: {},
        },
      ],
    },
    {
      clientId: 'admin-cli',
      name: '${client_admin-cli}',
      standardFlowEnabled: false,
      directAccessGrantsEnabled: true,
      fullScopeAllowed: true,
      ...PUBLIC,
      attributes: { 'client.use.lightweight.access.token.enabled': 'true' },
    },
    { clientId: 'broker', name: '${client_broker}', ...BEARER_ONLY },
    ...(realm === 'master'
      ? []
      : [
          realmManagementClient(
            'realm-management',
            '${client_realm-management}',
          ),
        ]),
    {
      clientId: 'security-admin-console',
      name: '${client_security-admin-console}',
      rootUrl: '${authAdminUrl}',
      baseUrl: consoleBase,
      redirectUris: [`${consoleBase}*`],
      webOrigins: ['+'],
      fullScopeAllowed: true,
      ...PUBLIC,
      attributes: {
        'client.use.lightweight.access.token.enabled': 'true',
        'post.logout.redirect.uris': '+',
        'pkce.code.challenge.method': 'S256',
      },
      protocolMappers: [
        {
          id: randomUUID(),
          name: 'locale',
          protocol: 'openid-connect',
          protocolMapper: 'oidc-usermodel-attribute-mapper',
          consentRequired: false,
          config: {
            'introspection.token.claim': 'true',
            'userinfo.token.claim': 'true',
            'user.attribute': 'locale',
            'id.token.claim': 'true',
            'access.token.claim': 'true',
            'claim.name': 'locale',
            'jsonType.label': 'String',
          },
        },
      ],
    },
  ];
}
