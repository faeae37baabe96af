import { Config } from '@backstage/config';
import {
  readConfigChoice,
  requireConfigBlock,
} from '@internal/plugin-ops-node';

const KEYCLOAK_KEY = 'opsPortal.keycloak';

/** Where a new client's secret is delivered. */
export type SecretDelivery = 'kubernetes' | 'external-secret';

/** The Keycloak settings of `opsPortal.keycloak`, validated. */
export type KeycloakSettings = {
  /** Base URL without a trailing slash, e.g. `https://keycloak.example.com`. */
  baseUrl: string;
  /** Realm the service clients are created in (the action's default). */
  realm: string;
  /** Realm of the admin client credentials. */
  adminRealm: string;
  /** Admin client id (client_credentials grant). */
  adminClientId: string;
  /** Admin client secret. Never logged. */
  adminClientSecret: string;
  secretDelivery: SecretDelivery;
  /** The (Cluster)SecretStore for `external-secret` delivery. */
  externalSecretStore?: string;
  /** Timeout of each Keycloak call, in milliseconds. */
  timeoutMs: number;
};

const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * Reads `opsPortal.keycloak`. Throws an error that names the missing or invalid key; the admin
 * secret is never part of a message.
 */
export function readKeycloakConfig(config: Config): KeycloakSettings {
  const keycloak = requireConfigBlock(
    config,
    KEYCLOAK_KEY,
    'creating Keycloak clients needs baseUrl, realm, clientId and clientSecret',
  );
  const baseUrl = keycloak.getString('baseUrl').replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+/.test(baseUrl)) {
    throw new Error(
      `Invalid config 'opsPortal.keycloak.baseUrl': '${baseUrl}' is not an http(s) URL`,
    );
  }
  const secretDelivery = readConfigChoice<SecretDelivery>(
    keycloak,
    KEYCLOAK_KEY,
    'secretDelivery',
    ['kubernetes', 'external-secret'],
    'kubernetes',
  );
  const externalSecretStore = keycloak.getOptionalString('externalSecretStore');
  if (secretDelivery === 'external-secret' && !externalSecretStore) {
    throw new Error(
      "Missing config 'opsPortal.keycloak.externalSecretStore': required when secretDelivery is 'external-secret'",
    );
  }
  const timeoutMs =
    keycloak.getOptionalNumber('timeoutMs') ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new Error(
      `Invalid config 'opsPortal.keycloak.timeoutMs': ${timeoutMs} is not a positive number of milliseconds`,
    );
  }
  return {
    baseUrl,
    realm: keycloak.getString('realm'),
    adminRealm: keycloak.getOptionalString('adminRealm') ?? 'master',
    adminClientId: keycloak.getString('clientId'),
    adminClientSecret: keycloak.getString('clientSecret'),
    secretDelivery,
    externalSecretStore,
    timeoutMs,
  };
}
