import { ConflictError, NotAllowedError } from '@backstage/errors';
import KeycloakAdminClient from '@keycloak/keycloak-admin-client';
import type ClientRepresentation from '@keycloak/keycloak-admin-client/lib/defs/clientRepresentation';
import {
  buildAudienceMapper,
  buildConfidentialClient,
  hasAudienceMapper,
  ServiceClientSpec,
  validateServiceClientSpec,
} from './clientRepresentation';
import { ClientMarker } from './clientMarker';
import {
  describeKeycloakFailure,
  KeycloakError,
  LOGIN_OPERATION,
} from './keycloakErrors';
import { KeycloakSettings } from './readKeycloakConfig';

/** The outcome of {@link KeycloakClientService.ensureConfidentialClient}; never holds the secret. */
export type EnsuredKeycloakClient = {
  /** Keycloak's internal id (UUID) of the client. */
  id: string;
  clientId: string;
  realm: string;
  /** True when this call created the client, false when it already existed. */
  created: boolean;
  /** True when an existing client lacked the audience mapper and it was added. */
  audienceMapperAdded: boolean;
};

/**
 * Decides whether an existing client may be reused for a marker: undefined when it may, else the
 * reason it may not (see `keycloakClientProblem`).
 */
export type ClientReusePolicy = {
  /** Why `clientId` may not be used at all (reserved ids), or undefined. */
  reservedProblem: (clientId: string) => string | undefined;
  /** Why the existing client may not be reused for `marker`, or undefined. */
  reuseProblem: (
    existing: ClientRepresentation,
    marker: ClientMarker,
  ) => string | undefined;
};

/**
 * Creates or finds service clients through Keycloak's Admin REST API, logged in with the
 * configured admin client (client_credentials in the admin realm). Every call has the
 * configured timeout; failures become {@link KeycloakError}s naming Keycloak, its URL and cause.
 */
export class KeycloakClientService {
  private admin?: Promise<KeycloakAdminClient>;

  constructor(
    private readonly settings: KeycloakSettings,
    private readonly policy: ClientReusePolicy,
  ) {}

  /**
   * Returns the client with `spec.clientId` in `realm`, creating it as a confidential client
   * marked with `marker` when it does not exist. An existing client is reused only when the
   * policy allows it (the portal's client of the same service and owner), as it is (no second
   * client, no new secret); only a missing audience mapper is added, because Kong rejects tokens
   * without it. Reserved client ids are refused before Keycloak is called.
   */
  async ensureConfidentialClient(
    realm: string,
    spec: ServiceClientSpec,
    marker: ClientMarker,
  ): Promise<EnsuredKeycloakClient> {
    validateServiceClientSpec(spec);
    const reserved = this.policy.reservedProblem(spec.clientId);
    if (reserved) {
      throw new NotAllowedError(reserved);
    }
    const existing = await this.findClient(realm, spec.clientId);
    if (existing) {
      return this.reuse(realm, spec, existing, marker);
    }
    const admin = await this.login();
    try {
      const { id } = await this.call(
        `creating client '${spec.clientId}'`,
        realm,
        () =>
          admin.clients.create({
            realm,
            ...buildConfidentialClient(spec, marker),
          }),
      );
      return {
        id,
        clientId: spec.clientId,
        realm,
        created: true,
        audienceMapperAdded: false,
      };
    } catch (error) {
      // Another run created it between our lookup and the POST: reuse that one.
      if (error instanceof KeycloakError && error.status === 409) {
        const raced = await this.findClient(realm, spec.clientId);
        if (raced) {
          return this.reuse(realm, spec, raced, marker);
        }
      }
      throw error;
    }
  }

  /**
   * Reads the current secret of a confidential client. The value is returned to the caller
   * only; it is never logged or put into an error message.
   */
  async readClientSecret(
    realm: string,
    id: string,
    clientId: string,
  ): Promise<string> {
    const admin = await this.login();
    const credential = await this.call(
      `reading the secret of client '${clientId}'`,
      realm,
      () => admin.clients.getClientSecret({ realm, id }),
    );
    if (typeof credential?.value !== 'string' || credential.value === '') {
      throw new KeycloakError(
        `Keycloak at ${this.settings.baseUrl}: client '${clientId}' in realm '${realm}' has no client secret (is it a client-secret authenticated client?)`,
      );
    }
    return credential.value;
  }

  private async reuse(
    realm: string,
    spec: ServiceClientSpec,
    existing: ClientRepresentation & { id: string },
    marker: ClientMarker,
  ): Promise<EnsuredKeycloakClient> {
    const problem = this.policy.reuseProblem(existing, marker);
    if (problem) {
      throw new ConflictError(
        `${problem} in realm '${realm}'; it was not changed. Choose another service name.`,
      );
    }
    if (existing.publicClient || existing.bearerOnly) {
      throw new KeycloakError(
        `Keycloak client '${
          spec.clientId
        }' already exists in realm '${realm}' as a ${
          existing.publicClient ? 'public' : 'bearer-only'
        } client; it cannot serve as the service's confidential client. Choose another clientId or change that client in Keycloak.`,
      );
    }
    let audienceMapperAdded = false;
    if (!hasAudienceMapper(existing.protocolMappers, spec)) {
      const admin = await this.login();
      await this.call(
        `adding the audience mapper to client '${spec.clientId}'`,
        realm,
        () =>
          admin.clients.addProtocolMapper(
            { realm, id: existing.id },
            buildAudienceMapper(spec),
          ),
      );
      audienceMapperAdded = true;
    }
    return {
      id: existing.id,
      clientId: spec.clientId,
      realm,
      created: false,
      audienceMapperAdded,
    };
  }

  /** The client with exactly `clientId` in `realm`, or undefined; read-only. */
  async findClient(
    realm: string,
    clientId: string,
  ): Promise<(ClientRepresentation & { id: string }) | undefined> {
    const admin = await this.login();
    const clients = await this.call(
      `looking up client '${clientId}'`,
      realm,
      () => admin.clients.find({ realm, clientId }),
    );
    // `clientId=` is an exact match unless `search=true`; filter anyway, Keycloak versions differ.
    const match = clients.find(c => c.clientId === clientId);
    return match?.id
      ? (match as ClientRepresentation & { id: string })
      : undefined;
  }

  private login(): Promise<KeycloakAdminClient> {
    if (!this.admin) {
      const {
        baseUrl,
        adminRealm,
        adminClientId,
        adminClientSecret,
        timeoutMs,
      } = this.settings;
      const admin = new KeycloakAdminClient({
        baseUrl,
        realmName: adminRealm,
        timeout: timeoutMs,
      });
      this.admin = this.call(LOGIN_OPERATION, undefined, () =>
        admin.auth({
          grantType: 'client_credentials',
          clientId: adminClientId,
          clientSecret: adminClientSecret,
        }),
      ).then(() => admin);
      // A failed login must not be cached for the next attempt.
      this.admin.catch(() => {
        this.admin = undefined;
      });
    }
    return this.admin;
  }

  private async call<T>(
    operation: string,
    realm: string | undefined,
    fn: () => Promise<T>,
  ): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      if (error instanceof KeycloakError) {
        throw error;
      }
      throw describeKeycloakFailure(error, {
        baseUrl: this.settings.baseUrl,
        timeoutMs: this.settings.timeoutMs,
        operation,
        realm,
        adminRealm: this.settings.adminRealm,
        adminClientId: this.settings.adminClientId,
      });
    }
  }
}
