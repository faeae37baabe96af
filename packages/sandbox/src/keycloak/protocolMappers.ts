import { randomUUID } from 'node:crypto';
import { KeycloakApiError } from './KeycloakApiError';

/** A protocol mapper as the Admin API represents it (`ProtocolMapperRepresentation`). */
export interface ProtocolMapperRepresentation {
  id: string;
  name: string;
  protocol: string;
  protocolMapper: string;
  consentRequired: boolean;
  config: Record<string, string>;
}

/** A create of a mapper whose name the client already has. */
export const mapperNameTaken = () =>
  new KeycloakApiError(409, {
    errorMessage: 'Protocol mapper exists with same name',
  });

/** A mapper id the client does not have. */
export const mapperNotFound = () =>
  new KeycloakApiError(404, { error: 'Model not found' });

/** A mapper type (`protocolMapper`) Keycloak has no provider for. */
export const mapperProviderNotFound = () =>
  new KeycloakApiError(404, { error: 'ProtocolMapper provider not found' });

/** The OpenID Connect mapper types of Keycloak 26 (`protocolMapper` values). */
export const OIDC_MAPPER_TYPES = new Set([
  'oidc-acr-mapper',
  'oidc-address-mapper',
  'oidc-allowed-origins-mapper',
  'oidc-amr-mapper',
  'oidc-audience-mapper',
  'oidc-audience-resolve-mapper',
  'oidc-claims-param-token-mapper',
  'oidc-full-name-mapper',
  'oidc-group-membership-mapper',
  'oidc-hardcoded-claim-mapper',
  'oidc-hardcoded-role-mapper',
  'oidc-nonce-backwards-compatible-mapper',
  'oidc-organization-membership-mapper',
  'oidc-role-name-mapper',
  'oidc-sha256-pairwise-sub-mapper',
  'oidc-sub-mapper',
  'oidc-usermodel-attribute-mapper',
  'oidc-usermodel-client-role-mapper',
  'oidc-usermodel-property-mapper',
  'oidc-usermodel-realm-role-mapper',
  'oidc-usersessionmodel-note-mapper',
  'oidc-user-session-note-mapper',
]);

/**
 * `POST .../protocol-mappers/models` checks the mapper type: an OIDC mapper type Keycloak has no
 * provider for is a 404.
 */
export function postedMapper(
  request: Partial<ProtocolMapperRepresentation>,
): Partial<ProtocolMapperRepresentation> {
  const protocol = request.protocol ?? 'openid-connect';
  if (
    protocol === 'openid-connect' &&
    !OIDC_MAPPER_TYPES.has(request.protocolMapper ?? '')
  ) {
    throw mapperProviderNotFound();
  }
  return request;
}

/**
 * A mapper as the `.../protocol-mappers/models` endpoints show it (the client representation
 * shows the stored config): Keycloak 25+ fills the settings added after older mappers were made
 * from their older counterparts, `introspection.token.claim` from `access.token.claim` and
 * `userinfo.token.claim` from `id.token.claim`.
 */
export function mapperModel(
  mapper: ProtocolMapperRepresentation,
): ProtocolMapperRepresentation {
  if (mapper.protocol !== 'openid-connect') {
    return mapper;
  }
  const config = { ...mapper.config };
  if (config['access.token.claim'] !== undefined) {
    config['introspection.token.claim'] ??= config['access.token.claim'];
  }
  if (config['id.token.claim'] !== undefined) {
    config['userinfo.token.claim'] ??= config['id.token.claim'];
  }
  return { ...mapper, config };
}

/** A mapper as Keycloak stores it: an id (kept if given), Keycloak's field order and defaults. */
export function newMapper(
  request: Partial<ProtocolMapperRepresentation>,
): ProtocolMapperRepresentation {
  if (typeof request.name !== 'string' || !request.name) {
    throw new KeycloakApiError(409, {
      error: 'conflict',
      error_description: 'Duplicate resource error',
    });
  }
  return {
    id: request.id || randomUUID(),
    name: request.name,
    protocol: request.protocol ?? 'openid-connect',
    protocolMapper: request.protocolMapper ?? '',
    consentRequired: request.consentRequired ?? false,
    config: Object.fromEntries(
      Object.entries(request.config ?? {}).map(([k, v]) => [k, String(v)]),
    ),
  };
}

/**
 * Adds mappers to a client's list, refusing a name that is already there (in the list or among
 * the new ones), as `POST .../protocol-mappers/models` and a client create with
 * `protocolMappers` do.
 */
export function withMappers(
  existing: ProtocolMapperRepresentation[],
  requests: Array<Partial<ProtocolMapperRepresentation>>,
): ProtocolMapperRepresentation[] {
  const next = [...existing];
  for (const request of requests) {
    const mapper = newMapper(request);
    if (next.some(m => m.name === mapper.name)) {
      throw mapperNameTaken();
    }
    next.push(mapper);
  }
  return next;
}

/**
 * The mappers after a client update that lists `requests`: matched by protocol and name, a listed
 * mapper the client has keeps its id and takes the new fields, a new one is added, and one not
 * listed is removed. A name listed twice is refused like Keycloak does.
 */
export function replacedMappers(
  existing: ProtocolMapperRepresentation[],
  requests: Array<Partial<ProtocolMapperRepresentation>>,
): ProtocolMapperRepresentation[] {
  const key = (m: { protocol?: string; name?: string }) =>
    `${m.protocol ?? 'openid-connect'}\u0000${m.name}`;
  const seen = new Set<string>();
  const next: ProtocolMapperRepresentation[] = [];
  for (const request of requests) {
    const mapper = newMapper(request);
    if (seen.has(key(mapper))) {
      throw new KeycloakApiError(400, {
        error: 'invalid_input',
        error_description: `Cannot add protocol mapper '${mapper.name}'. Protocol mapper name must be unique per protocol`,
      });
    }
    seen.add(key(mapper));
    const current = existing.find(m => key(m) === key(mapper));
    next.push(current ? { ...mapper, id: current.id } : mapper);
  }
  return next;
}
