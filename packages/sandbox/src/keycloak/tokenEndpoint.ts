import { randomUUID, timingSafeEqual } from 'node:crypto';
import { ClientRepresentation } from './clientRepresentation';
import {
  INVALID_CLIENT_CREDENTIALS,
  oauthError,
  realmDoesNotExist,
} from './KeycloakApiError';
import { KeycloakRealm, KeycloakStore } from './KeycloakStore';
import { KeycloakTokens, TokenClaims } from './keycloakTokens';

/** How long refresh tokens of the password grant live (Keycloak's SSO session idle default). */
const REFRESH_LIFESPAN_SECONDS = 1800;

/** The realm role that grants the Admin API (Keycloak's master realm `admin` role). */
export const ADMIN_ROLE = 'admin';

/** A token request: the form fields and the Basic credentials, if any. */
export interface TokenRequest {
  realm: string;
  form: Record<string, string | undefined>;
  authorization?: string;
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Client credentials from `Authorization: Basic` (form-encoded, RFC 6749 2.3.1) or the form. */
function clientCredentials(request: TokenRequest) {
  const header = request.authorization;
  if (header?.startsWith('Basic ')) {
    const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const decode = (v: string) => decodeURIComponent(v.replace(/\+/g, ' '));
    return {
      clientId: decode(colon < 0 ? decoded : decoded.slice(0, colon)),
      clientSecret: colon < 0 ? undefined : decode(decoded.slice(colon + 1)),
    };
  }
  return {
    clientId: request.form.client_id,
    clientSecret: request.form.client_secret,
  };
}

/** Client authentication as Keycloak's client-secret authenticator answers it. */
function authenticateClient(
  realm: KeycloakRealm,
  request: TokenRequest,
): ClientRepresentation {
  const { clientId, clientSecret } = clientCredentials(request);
  const client = [...realm.clients.values()].find(c => c.clientId === clientId);
  if (!client || !client.enabled) {
    throw oauthError(401, 'invalid_client', INVALID_CLIENT_CREDENTIALS);
  }
  if (client.publicClient) {
    return client;
  }
  // Keycloak 26 answers a missing secret like a wrong one.
  if (
    !clientSecret ||
    !client.secret ||
    !sameSecret(clientSecret, client.secret)
  ) {
    throw oauthError(401, 'unauthorized_client', INVALID_CLIENT_CREDENTIALS);
  }
  return client;
}

/**
 * `POST /realms/{realm}/protocol/openid-connect/token` for the grants the portal uses:
 * `client_credentials` (a confidential client with service accounts), `password` (users of the
 * realm, through a client with direct access grants such as `admin-cli`) and `refresh_token`.
 * Errors carry Keycloak's codes and descriptions.
 */
export function issueToken(
  store: KeycloakStore,
  tokens: KeycloakTokens,
  issuerBase: string,
  request: TokenRequest,
): Record<string, unknown> {
  if (!store.hasRealm(request.realm)) {
    throw realmDoesNotExist();
  }
  const realm = store.requireRealm(request.realm);
  const grantType = request.form.grant_type;
  if (!grantType) {
    throw oauthError(
      400,
      'invalid_request',
      'Missing form parameter: grant_type',
    );
  }
  if (
    !['client_credentials', 'password', 'refresh_token'].includes(grantType)
  ) {
    throw oauthError(400, 'unsupported_grant_type', 'Unsupported grant_type');
  }
  const client = authenticateClient(realm, request);
  const iss = `${issuerBase}/realms/${realm.realm}`;
  const isMaster = realm.realm === 'master';
  let subject: Pick<TokenClaims, 'sub' | 'preferred_username' | 'realm_access'>;
  let session: string | undefined;

  if (grantType === 'client_credentials') {
    if (client.publicClient) {
      throw oauthError(
        401,
        'unauthorized_client',
        'Public client not allowed to retrieve service account',
      );
    }
    if (!client.serviceAccountsEnabled) {
      throw oauthError(
        401,
        'unauthorized_client',
        'Client not enabled to retrieve service account',
      );
    }
    const admin = isMaster && realm.adminServiceAccounts.has(client.clientId);
    subject = {
      sub: `service-account-${client.id}`,
      preferred_username: `service-account-${client.clientId}`,
      realm_access: {
        roles: [`default-roles-${realm.realm}`, ...(admin ? [ADMIN_ROLE] : [])],
      },
    };
  } else if (grantType === 'password') {
    if (!client.directAccessGrantsEnabled) {
      throw oauthError(
        400,
        'unauthorized_client',
        'Client not allowed for direct access grants',
      );
    }
    const user = realm.users.find(u => u.username === request.form.username);
    if (!user || !sameSecret(request.form.password ?? '', user.password)) {
      throw oauthError(400, 'invalid_grant', 'Invalid user credentials');
    }
    session = randomUUID();
    subject = {
      sub: user.id,
      preferred_username: user.username,
      realm_access: {
        roles: [
          `default-roles-${realm.realm}`,
          ...(isMaster ? [ADMIN_ROLE] : []),
        ],
      },
    };
  } else {
    const refresh = tokens.verify(request.form.refresh_token);
    if (
      !refresh ||
      refresh.typ !== 'Refresh' ||
      refresh.realm !== realm.realm ||
      refresh.azp !== client.clientId
    ) {
      throw oauthError(400, 'invalid_grant', 'Invalid refresh token');
    }
    subject = refresh;
    session = refresh.sid;
  }

  const common = {
    iss,
    realm: realm.realm,
    azp: client.clientId,
    scope: 'email profile',
    sub: subject.sub,
    preferred_username: subject.preferred_username,
    realm_access: subject.realm_access,
    ...(session ? { sid: session } : { client_id: client.clientId }),
  };
  const accessToken = tokens.issue(
    { ...common, typ: 'Bearer' },
    realm.accessTokenLifespan,
  );
  const body: Record<string, unknown> = {
    access_token: accessToken,
    expires_in: realm.accessTokenLifespan,
    refresh_expires_in: session ? REFRESH_LIFESPAN_SECONDS : 0,
  };
  if (session) {
    body.refresh_token = tokens.issue(
      { ...common, typ: 'Refresh' },
      REFRESH_LIFESPAN_SECONDS,
    );
  }
  body.token_type = 'Bearer';
  body['not-before-policy'] = 0;
  if (session) {
    body.session_state = session;
  }
  body.scope = 'email profile';
  return body;
}
