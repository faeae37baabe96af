import { randomUUID } from 'node:crypto';
import {
  ClientRepresentation,
  newClient,
  toRepresentation,
  updatedClient,
  withNewSecret,
} from './clientRepresentation';
import {
  mapperModel,
  mapperNotFound,
  postedMapper,
  ProtocolMapperRepresentation,
  withMappers,
} from './protocolMappers';
import { builtinClients, realmManagementClient } from './builtinClients';
import {
  clientExists,
  clientNotFound,
  KeycloakApiError,
  realmNotFound,
} from './KeycloakApiError';

/** A user that can sign in with the password grant (the stand-in knows only its admin). */
export interface KeycloakUser {
  id: string;
  username: string;
  password: string;
}

/** One realm: its settings and its clients by id. */
export interface KeycloakRealm {
  id: string;
  realm: string;
  /** `accessTokenLifespan` in seconds (master 60, other realms 300, as Keycloak ships). */
  accessTokenLifespan: number;
  clients: Map<string, ClientRepresentation>;
  users: KeycloakUser[];
  /** clientIds whose service account holds the admin role (master realm only). */
  adminServiceAccounts: Set<string>;
}

/** The `GET /admin/realms/{realm}/clients` query parameters the stand-in honours. */
export interface ClientQuery {
  clientId?: string;
  /** With `clientId`: case-insensitive substring match instead of exact. */
  search?: boolean;
  first?: number;
  max?: number;
}

/**
 * The Keycloak stand-in's state, in memory: realms with their clients and users. Tests of other
 * packages read it to assert what a scaffolder action did (`findClient('platform', 'payments')`).
 * Reads hand out copies.
 */
export class KeycloakStore {
  private readonly realms = new Map<string, KeycloakRealm>();

  /**
   * Creates a realm with Keycloak's built-in clients (`account`, `admin-cli`, `broker`, ...) and,
   * in `master`, its `<realm>-realm` management client; does nothing if it exists.
   */
  addRealm(name: string): void {
    if (this.realms.has(name)) {
      return;
    }
    this.realms.set(name, {
      // Keycloak 26 gives every realm, `master` included, a UUID.
      id: randomUUID(),
      realm: name,
      accessTokenLifespan: name === 'master' ? 60 : 300,
      clients: new Map(),
      users: [],
      adminServiceAccounts: new Set(),
    });
    for (const client of builtinClients(name)) {
      this.addBuiltinClient(name, client);
    }
    if (this.realms.has('master')) {
      const managed = name === 'master' ? this.realmNames() : [name];
      for (const realm of managed) {
        this.addBuiltinClient(
          'master',
          realmManagementClient(`${realm}-realm`, `${realm} Realm`),
        );
      }
    }
  }

  /** A built-in client: stored as Keycloak creates it, without a secret. */
  private addBuiltinClient(
    realm: string,
    request: Partial<ClientRepresentation> & { clientId: string },
  ) {
    const client = newClient({ ...request, secret: 'builtin' });
    delete client.secret;
    this.requireRealm(realm).clients.set(client.id, client);
  }

  /** Adds a user that may use the password grant in the realm. */
  addUser(realm: string, username: string, password: string): void {
    this.requireRealm(realm).users.push({
      id: randomUUID(),
      username,
      password,
    });
  }

  /**
   * Gives a client's service account the admin role, so its client-credentials tokens may use the
   * Admin API on every realm (in Keycloak: the master realm's `admin` role).
   */
  grantAdmin(realm: string, clientId: string): void {
    this.requireRealm(realm).adminServiceAccounts.add(clientId);
  }

  /** The realm names, `master` first. */
  realmNames(): string[] {
    return [...this.realms.keys()];
  }

  /** The realm, or the Admin API's 404. */
  requireRealm(name: string): KeycloakRealm {
    const realm = this.realms.get(name);
    if (!realm) {
      throw realmNotFound();
    }
    return realm;
  }

  /** True when the realm exists. */
  hasRealm(name: string): boolean {
    return this.realms.has(name);
  }

  /** A client by its clientId (what tests assert on), with its secret; undefined if none. */
  findClient(
    realm: string,
    clientId: string,
  ): ClientRepresentation | undefined {
    const found = [...this.requireRealm(realm).clients.values()].find(
      c => c.clientId === clientId,
    );
    return found && structuredClone(found);
  }

  /** `GET .../clients`: Keycloak's exact, search and paged listings, ordered by clientId. */
  listClients(realm: string, query: ClientQuery = {}) {
    let clients = [...this.requireRealm(realm).clients.values()].sort((a, b) =>
      a.clientId.localeCompare(b.clientId),
    );
    if (query.clientId && !query.search) {
      return clients
        .filter(c => c.clientId === query.clientId)
        .map(toRepresentation);
    }
    if (query.clientId) {
      const needle = query.clientId.toLowerCase();
      clients = clients.filter(c => c.clientId.toLowerCase().includes(needle));
    }
    const first = query.first ?? 0;
    const end =
      query.max === undefined || query.max < 0 ? undefined : first + query.max;
    return clients.slice(first, end).map(toRepresentation);
  }

  /**
   * `POST .../clients`: creates a client and returns its id; 409 when the clientId is taken. A
   * request without a clientId gets the new id as clientId.
   */
  createClient(realm: string, request: Partial<ClientRepresentation>): string {
    const clients = this.requireRealm(realm).clients;
    const client = newClient(withoutAccess(request));
    const taken = [...clients.values()].some(
      c => c.clientId === client.clientId || c.id === client.id,
    );
    if (taken) {
      throw clientExists(client.clientId);
    }
    clients.set(client.id, client);
    return client.id;
  }

  /** `GET .../clients/{id}`. */
  getClient(realm: string, id: string) {
    return toRepresentation(this.requireClient(realm, id));
  }

  /** `PUT .../clients/{id}`: a clientId taken by another client is a 409. */
  updateClient(
    realm: string,
    id: string,
    request: Partial<ClientRepresentation>,
  ) {
    const stored = this.requireClient(realm, id);
    const clients = this.requireRealm(realm).clients;
    if (
      request.clientId !== undefined &&
      [...clients.values()].some(
        c => c.clientId === request.clientId && c.id !== id,
      )
    ) {
      throw new KeycloakApiError(409, {
        error: 'conflict',
        error_description: 'Duplicate resource error',
      });
    }
    clients.set(id, updatedClient(stored, withoutAccess(request)));
  }

  /** `DELETE .../clients/{id}`. */
  deleteClient(realm: string, id: string): void {
    this.requireClient(realm, id);
    this.requireRealm(realm).clients.delete(id);
  }

  /** `GET .../clients/{id}/client-secret`: no `value` when the client has no secret. */
  clientSecret(realm: string, id: string) {
    const client = this.requireClient(realm, id);
    return client.secret
      ? { type: 'secret', value: client.secret }
      : { type: 'secret' };
  }

  /** `POST .../clients/{id}/client-secret`: a new random secret. */
  regenerateSecret(realm: string, id: string) {
    const next = withNewSecret(this.requireClient(realm, id));
    this.requireRealm(realm).clients.set(id, next);
    return { type: 'secret', value: next.secret! };
  }

  /** `GET .../clients/{id}/protocol-mappers/models` (with the defaults that endpoint fills in). */
  listMappers(realm: string, id: string): ProtocolMapperRepresentation[] {
    return structuredClone(
      this.requireClient(realm, id).protocolMappers ?? [],
    ).map(mapperModel);
  }

  /** `GET .../protocol-mappers/models/{mapperId}`. */
  getMapper(realm: string, id: string, mapperId: string) {
    const mapper = this.listMappers(realm, id).find(m => m.id === mapperId);
    if (!mapper) {
      throw mapperNotFound();
    }
    return mapper;
  }

  /** `POST .../protocol-mappers/models`: returns the new mapper's id; 409 for a taken name. */
  addMapper(
    realm: string,
    id: string,
    request: Partial<ProtocolMapperRepresentation>,
  ): string {
    const client = this.requireClient(realm, id);
    const mappers = withMappers(client.protocolMappers ?? [], [
      postedMapper(request),
    ]);
    this.requireRealm(realm).clients.set(id, {
      ...client,
      protocolMappers: mappers,
    });
    return mappers[mappers.length - 1].id;
  }

  /** `DELETE .../protocol-mappers/models/{mapperId}`. */
  deleteMapper(realm: string, id: string, mapperId: string): void {
    const client = this.requireClient(realm, id);
    this.getMapper(realm, id, mapperId);
    const rest = client.protocolMappers!.filter(m => m.id !== mapperId);
    this.requireRealm(realm).clients.set(id, {
      ...client,
      protocolMappers: rest.length > 0 ? rest : undefined,
    });
  }

  private requireClient(realm: string, id: string): ClientRepresentation {
    const client = this.requireRealm(realm).clients.get(id);
    if (!client) {
      throw clientNotFound();
    }
    return client;
  }
}

function withoutAccess<T extends Partial<ClientRepresentation>>(request: T): T {
  const { access: _access, ...rest } = request;
  return rest as T;
}
