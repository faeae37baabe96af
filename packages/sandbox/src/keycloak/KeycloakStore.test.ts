import KeycloakAdminClient from '@keycloak/keycloak-admin-client';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { CLIENT_SECRET_LENGTH } from './clientRepresentation';
import { createKeycloakRouter } from './createKeycloakRouter';
import { KeycloakStore } from './KeycloakStore';
import { createSeededKeycloakStore } from './seedKeycloak';

// The wire contract (status codes, bodies, headers) is in contract/keycloakContract.ts, run
// against this stand-in and against a real Keycloak; these tests cover what only the stand-in
// has: its store, which other packages' tests read.

const ADMIN = {
  clientId: 'ops-portal-admin',
  clientSecret: 'test-admin-secret',
};

describe('KeycloakStore', () => {
  let server: http.Server;
  let baseUrl: string;
  let store: KeycloakStore;

  const adminClient = async () => {
    const kc = new KeycloakAdminClient({ baseUrl, realmName: 'master' });
    await kc.auth({ grantType: 'client_credentials', ...ADMIN });
    kc.setConfig({ realmName: 'platform' });
    return kc;
  };

  beforeEach(async () => {
    store = createSeededKeycloakStore({
      realms: ['platform', 'driver'],
      adminClientId: ADMIN.clientId,
      adminClientSecret: ADMIN.clientSecret,
      adminUsername: 'admin',
      adminPassword: 'admin-password',
    });
    server = http.createServer(createKeycloakRouter({ store }));
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    await new Promise(resolve => server.close(resolve));
  });

  it('holds what the Admin API created, secret included', async () => {
    const kc = await adminClient();
    const { id } = await kc.clients.create({
      clientId: 'payments',
      publicClient: false,
    });
    const { value } = await kc.clients.getClientSecret({ id });
    expect(value).toHaveLength(CLIENT_SECRET_LENGTH);
    expect(store.findClient('platform', 'payments')).toMatchObject({
      id,
      secret: value,
    });
    expect(store.findClient('platform', 'nope')).toBeUndefined();
  });

  it('seeds the realms with the built-in clients, the admin client and the demo client', () => {
    expect(store.realmNames()).toEqual(['master', 'platform', 'driver']);
    const clientIds = (realm: string) =>
      store.listClients(realm).map(c => c.clientId);
    expect(clientIds('master')).toEqual([
      'account',
      'account-console',
      'admin-cli',
      'broker',
      'driver-realm',
      'master-realm',
      'ops-portal-admin',
      'platform-realm',
      'security-admin-console',
    ]);
    expect(clientIds('driver')).toContain('driver');
    expect(store.findClient('driver', 'driver')?.secret).toHaveLength(
      CLIENT_SECRET_LENGTH,
    );
    expect(store.findClient('master', 'ops-portal-admin')?.secret).toBe(
      ADMIN.clientSecret,
    );
    // Built-in clients have no secret, like Keycloak's.
    expect(store.findClient('platform', 'broker')?.secret).toBeUndefined();
  });

  it('lets only the granted service account use the Admin API', async () => {
    const kc = await adminClient();
    expect((await kc.clients.find()).length).toBeGreaterThan(0);
    store.createClient('master', {
      clientId: 'other',
      secret: 'other-secret',
      serviceAccountsEnabled: true,
    });
    const other = new KeycloakAdminClient({ baseUrl, realmName: 'master' });
    await other.auth({
      grantType: 'client_credentials',
      clientId: 'other',
      clientSecret: 'other-secret',
    });
    const refused = await other.clients.find().then(
      () => undefined,
      e => e.response?.status,
    );
    expect(refused).toBe(403);
  });
});
