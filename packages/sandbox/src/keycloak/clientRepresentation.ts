import { randomInt, randomUUID } from 'node:crypto';
import {
  ProtocolMapperRepresentation,
  replacedMappers,
  withMappers,
} from './protocolMappers';

/**
 * A client as the Admin REST API represents it (`ClientRepresentation`), with Keycloak's field
 * names. Only the fields the sandbox stores are typed; others sent by a caller are kept as given.
 */
export interface ClientRepresentation {
  id: string;
  clientId: string;
  name?: string;
  description?: string;
  rootUrl?: string;
  adminUrl?: string;
  baseUrl?: string;
  surrogateAuthRequired: boolean;
  enabled: boolean;
  alwaysDisplayInConsole: boolean;
  clientAuthenticatorType: string;
  secret?: string;
  redirectUris: string[];
  webOrigins: string[];
  notBefore: number;
  bearerOnly: boolean;
  consentRequired: boolean;
  standardFlowEnabled: boolean;
  implicitFlowEnabled: boolean;
  directAccessGrantsEnabled: boolean;
  serviceAccountsEnabled: boolean;
  publicClient: boolean;
  frontchannelLogout: boolean;
  protocol: string;
  attributes: Record<string, string>;
  authenticationFlowBindingOverrides: Record<string, string>;
  fullScopeAllowed: boolean;
  nodeReRegistrationTimeout: number;
  protocolMappers?: ProtocolMapperRepresentation[];
  defaultClientScopes: string[];
  optionalClientScopes: string[];
  [field: string]: unknown;
}

/** The order Keycloak 26 serialises a client's fields in. */
const FIELD_ORDER = [
  'id',
  'clientId',
  'name',
  'description',
  'rootUrl',
  'adminUrl',
  'baseUrl',
  'surrogateAuthRequired',
  'enabled',
  'alwaysDisplayInConsole',
  'clientAuthenticatorType',
  'secret',
  'redirectUris',
  'webOrigins',
  'notBefore',
  'bearerOnly',
  'consentRequired',
  'standardFlowEnabled',
  'implicitFlowEnabled',
  'directAccessGrantsEnabled',
  'serviceAccountsEnabled',
  'authorizationServicesEnabled',
  'publicClient',
  'frontchannelLogout',
  'protocol',
  'attributes',
  'authenticationFlowBindingOverrides',
  'fullScopeAllowed',
  'nodeReRegistrationTimeout',
  'protocolMappers',
  'defaultClientScopes',
  'optionalClientScopes',
];

/** What a new client's attributes hold in Keycloak 26 when the caller sets none. */
const SECRET_CREATION_TIME = 'client.secret.creation.time';

const SECRET_ALPHABET =
  'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * Keycloak 26 generates client secrets with 512 bits of entropy from 62 alphanumerics:
 * ceil(512 / log2(62)) = 86 characters.
 */
export const CLIENT_SECRET_LENGTH = 86;

/** A random client secret: 86 alphanumeric characters, like Keycloak 26's generator. */
export function generateClientSecret(): string {
  let secret = '';
  for (let i = 0; i < CLIENT_SECRET_LENGTH; i++) {
    secret += SECRET_ALPHABET[randomInt(SECRET_ALPHABET.length)];
  }
  return secret;
}

/** True for a client that authenticates with a secret (not public). */
export function isConfidential(client: ClientRepresentation): boolean {
  return !client.publicClient;
}

function nowSeconds(): string {
  return String(Math.floor(Date.now() / 1000));
}

/**
 * Builds a stored client from a create request the way Keycloak fills defaults: a new UUID
 * (unless `id` is given), the flags of a new OIDC client, the default client scopes, and a
 * generated secret for a confidential client that did not bring one. A request without a
 * clientId gets its new id as clientId, as in Keycloak.
 */
export function newClient(
  request: Partial<ClientRepresentation>,
): ClientRepresentation {
  const id = request.id || randomUUID();
  const client: ClientRepresentation = {
    surrogateAuthRequired: false,
    enabled: true,
    alwaysDisplayInConsole: false,
    clientAuthenticatorType: 'client-secret',
    redirectUris: [],
    webOrigins: [],
    notBefore: 0,
    bearerOnly: false,
    consentRequired: false,
    standardFlowEnabled: true,
    implicitFlowEnabled: false,
    directAccessGrantsEnabled: false,
    serviceAccountsEnabled: false,
    publicClient: false,
    frontchannelLogout: false,
    protocol: 'openid-connect',
    authenticationFlowBindingOverrides: {},
    fullScopeAllowed: true,
    nodeReRegistrationTimeout: -1,
    // In the order Keycloak 26 lists a new realm's default scopes.
    defaultClientScopes: [
      'web-origins',
      'acr',
      'roles',
      'profile',
      'basic',
      'email',
    ],
    optionalClientScopes: [
      'address',
      'phone',
      'offline_access',
      'organization',
      'microprofile-jwt',
    ],
    ...stripUndefined(request),
    protocolMappers: request.protocolMappers?.length
      ? withMappers([], request.protocolMappers)
      : undefined,
    id,
    clientId: request.clientId || id,
    attributes: { realm_client: 'false', ...request.attributes },
  };
  if (isConfidential(client) && !client.secret) {
    client.secret = generateClientSecret();
    client.attributes[SECRET_CREATION_TIME] = nowSeconds();
  }
  return client;
}

/**
 * Applies a `PUT` body: fields present replace the stored ones (Keycloak ignores absent fields),
 * attributes are merged and an attribute set to `""` or null is removed. The id never changes.
 * `protocolMappers`, when present, is the client's new list, matched by protocol and name: a
 * listed mapper the client has is updated in place (keeping its id), a new one is added, and a
 * mapper not listed is removed, so `protocolMappers: []` removes them all.
 */
export function updatedClient(
  stored: ClientRepresentation,
  request: Partial<ClientRepresentation>,
): ClientRepresentation {
  const { attributes, id: _id, protocolMappers, ...fields } = request;
  const next: ClientRepresentation = {
    ...stored,
    ...stripUndefined(fields),
    attributes: { ...stored.attributes },
  };
  if (Array.isArray(protocolMappers)) {
    const mappers = replacedMappers(
      stored.protocolMappers ?? [],
      protocolMappers,
    );
    next.protocolMappers = mappers.length > 0 ? mappers : undefined;
  }
  for (const [key, value] of Object.entries(attributes ?? {})) {
    if (value === '' || value === null) {
      delete next.attributes[key];
    } else {
      next.attributes[key] = String(value);
    }
  }
  if (isConfidential(next) && !next.secret) {
    next.secret = generateClientSecret();
    next.attributes[SECRET_CREATION_TIME] = nowSeconds();
  }
  return next;
}

/** Replaces the secret, as `POST .../client-secret` does. */
export function withNewSecret(
  client: ClientRepresentation,
): ClientRepresentation {
  return {
    ...client,
    secret: generateClientSecret(),
    attributes: { ...client.attributes, [SECRET_CREATION_TIME]: nowSeconds() },
  };
}

/**
 * The JSON the Admin API returns for a client: Keycloak's field order, no `secret` on a public
 * client, and the caller's `access` rights.
 */
export function toRepresentation(client: ClientRepresentation) {
  const out: Record<string, unknown> = {};
  const keys = [
    ...FIELD_ORDER,
    ...Object.keys(client).filter(k => !FIELD_ORDER.includes(k)),
  ];
  for (const key of keys) {
    if (
      client[key] === undefined ||
      (key === 'secret' && client.publicClient)
    ) {
      continue;
    }
    out[key] = structuredClone(client[key]);
  }
  // Keycloak lets no one configure a realm's management client (`realm-management`, and in
  // `master` the `<realm>-realm` clients).
  const managementClient =
    client.attributes?.realm_client === 'true' &&
    (client.clientId === 'realm-management' ||
      client.clientId.endsWith('-realm'));
  out.access = {
    view: true,
    configure: !managementClient,
    manage: !managementClient,
  };
  return out;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined && v !== null),
  ) as Partial<T>;
}
