import { ClusterStore } from '../cluster/types';
import { KeycloakStore } from './KeycloakStore';

/** What the Keycloak stand-in starts with (from the `sandbox.keycloak` config block). */
export interface KeycloakSeed {
  /** Realms besides `master`, e.g. `platform` (service clients) and `driver` (the demo service). */
  realms: string[];
  /** The confidential client in `master` whose service account may use the Admin API. */
  adminClientId: string;
  /** Its secret (dev only). */
  adminClientSecret: string;
  /** The `master` user for the password grant through `admin-cli`. */
  adminUsername: string;
  adminPassword: string;
}

/**
 * Confidential clients of the GitOps seed's demo services, created when their realm exists. The
 * Kong OIDC plugin of `driver` reads this client's secret from the Secret named here.
 */
export const SEED_SERVICE_CLIENTS = [
  {
    realm: 'driver',
    clientId: 'driver',
    namespace: 'driver',
    secretName: 'driver-oidc-client',
    secretKey: 'client-secret',
  },
];

/** A store with `master`, the configured realms, the admin client and user and the demo clients. */
export function createSeededKeycloakStore(seed: KeycloakSeed): KeycloakStore {
  const store = new KeycloakStore();
  store.addRealm('master');
  for (const realm of seed.realms) {
    store.addRealm(realm);
  }
  store.addUser('master', seed.adminUsername, seed.adminPassword);
  store.createClient('master', {
    clientId: seed.adminClientId,
    name: 'Ops portal (scaffolder actions)',
    secret: seed.adminClientSecret,
    publicClient: false,
    serviceAccountsEnabled: true,
    standardFlowEnabled: false,
  });
  store.grantAdmin('master', seed.adminClientId);
  for (const client of SEED_SERVICE_CLIENTS) {
    if (store.hasRealm(client.realm)) {
      store.createClient(client.realm, {
        clientId: client.clientId,
        publicClient: false,
        standardFlowEnabled: true,
      });
    }
  }
  return store;
}

/**
 * Puts each demo client's Keycloak secret into the Kubernetes Secret its service reads (what is
 * "provisioned out of band" in production), once the service's namespace exists. Returns the
 * Secrets written.
 */
export function provisionSeedClientSecrets(
  keycloak: KeycloakStore,
  cluster: ClusterStore,
): string[] {
  const namespaceType = cluster.typeFor('v1', 'Namespace')!;
  const secretType = cluster.typeFor('v1', 'Secret')!;
  const written: string[] = [];
  for (const seed of SEED_SERVICE_CLIENTS) {
    const client = keycloak.hasRealm(seed.realm)
      ? keycloak.findClient(seed.realm, seed.clientId)
      : undefined;
    if (
      !client?.secret ||
      !cluster.get(namespaceType, undefined, seed.namespace) ||
      cluster.get(secretType, seed.namespace, seed.secretName)
    ) {
      continue;
    }
    cluster.create({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: seed.secretName, namespace: seed.namespace },
      type: 'Opaque',
      stringData: { [seed.secretKey]: client.secret },
    });
    written.push(`${seed.namespace}/${seed.secretName}`);
  }
  return written;
}
