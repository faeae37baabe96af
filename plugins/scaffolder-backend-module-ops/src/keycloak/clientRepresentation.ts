import type ClientRepresentation from '@keycloak/keycloak-admin-client/lib/defs/clientRepresentation';
import type ProtocolMapperRepresentation from '@keycloak/keycloak-admin-client/lib/defs/protocolMapperRepresentation';
import { InputError } from '@backstage/errors';
import { ClientMarker, markerAttributes } from './clientMarker';

/** What a service's OIDC client looks like. */
export type ServiceClientSpec = {
  /** The client id, e.g. `payments`. */
  clientId: string;
  /** Redirect URIs of the authorization code flow. */
  redirectUris: string[];
  /** Allowed CORS origins; `+` means the origins of the redirect URIs. */
  webOrigins: string[];
  /**
   * The `aud` value tokens of this client carry. Defaults to the client itself, which is what
   * Kong's oidc plugin checks with `bearer_jwt_auth_allowed_auds`.
   */
  audience?: string;
};

/** Keycloak's own mapper type that adds a client or a custom string to `aud`. */
export const AUDIENCE_MAPPER_TYPE = 'oidc-audience-mapper';

const CLIENT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
// An absolute http(s) URL; Keycloak allows a single trailing `*` wildcard in redirect URIs.
const REDIRECT_URI = /^https?:\/\/[^\s/*?#]+(\/[^\s*]*)?\*?$/;
const ORIGIN = /^https?:\/\/[^\s/*?#]+$/;

/**
 * Checks a client spec before anything is sent to Keycloak. Wildcard-only redirect URIs and
 * `*` web origins are refused: they would let any site obtain tokens for the service.
 */
export function validateServiceClientSpec(spec: ServiceClientSpec): void {
  const problems: string[] = [];
  if (!CLIENT_ID.test(spec.clientId)) {
    problems.push(
      `clientId '${spec.clientId}' must be 1-100 letters, digits, '.', '_' or '-', starting with a letter or digit`,
    );
  }
  if (spec.redirectUris.length === 0) {
    problems.push('redirectUris must list at least one URI');
  }
  for (const uri of spec.redirectUris) {
    if (!REDIRECT_URI.test(uri)) {
      problems.push(
        `redirect URI '${uri}' must be an absolute http(s) URL (a trailing '*' is allowed)`,
      );
    }
  }
  for (const origin of spec.webOrigins) {
    if (origin !== '+' && !ORIGIN.test(origin)) {
      problems.push(
        `web origin '${origin}' must be '+' or an origin such as https://app.example.com`,
      );
    }
  }
  if (spec.audience !== undefined && spec.audience.trim() === '') {
    problems.push('audience must not be empty when given');
  }
  if (problems.length > 0) {
    throw new InputError(
      `Invalid Keycloak client request: ${problems.join('; ')}`,
    );
  }
}

/** Which mapper config key carries the audience, and its value. */
function audienceSetting(
  spec: Pick<ServiceClientSpec, 'clientId' | 'audience'>,
) {
  return spec.audience && spec.audience !== spec.clientId
    ? { key: 'included.custom.audience', value: spec.audience }
    : { key: 'included.client.audience', value: spec.clientId };
}

/** The audience mapper: access tokens (and introspection) carry the client, or `audience`, in `aud`. */
export function buildAudienceMapper(
  spec: Pick<ServiceClientSpec, 'clientId' | 'audience'>,
): ProtocolMapperRepresentation {
  const { key, value } = audienceSetting(spec);
  return {
    name: `audience-${value}`,
    protocol: 'openid-connect',
    protocolMapper: AUDIENCE_MAPPER_TYPE,
    config: {
      [key]: value,
      'id.token.claim': 'false',
      'access.token.claim': 'true',
      'introspection.token.claim': 'true',
    },
  };
}

/** True when one of the mappers already puts the expected audience into access tokens. */
export function hasAudienceMapper(
  mappers: ProtocolMapperRepresentation[] | undefined,
  spec: Pick<ServiceClientSpec, 'clientId' | 'audience'>,
): boolean {
  const { key, value } = audienceSetting(spec);
  return (mappers ?? []).some(
    m =>
      m.protocolMapper === AUDIENCE_MAPPER_TYPE &&
      m.config?.[key] === value &&
      m.config?.['access.token.claim'] === 'true',
  );
}

/**
 * The confidential client Kong's oidc plugin needs: authorization code flow for users, client
 * credentials for service-to-service calls, no password grant, and the audience mapper. Its
 * attributes mark it as the portal's client of `marker.service` for `marker.owner`.
 */
export function buildConfidentialClient(
  spec: ServiceClientSpec,
  marker: ClientMarker,
): ClientRepresentation {
  return {
    attributes: markerAttributes(marker),
    clientId: spec.clientId,
    name: spec.clientId,
    enabled: true,
    protocol: 'openid-connect',
    publicClient: false,
    bearerOnly: false,
    clientAuthenticatorType: 'client-secret',
    standardFlowEnabled: true,
    implicitFlowEnabled: false,
    directAccessGrantsEnabled: false,
    serviceAccountsEnabled: true,
    redirectUris: spec.redirectUris,
    webOrigins: spec.webOrigins,
    protocolMappers: [buildAudienceMapper(spec)],
  };
}
