import KeycloakAdminClient from '@keycloak/keycloak-admin-client';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { createKeycloakRouter } from './createKeycloakRouter';
import { KeycloakStore } from './KeycloakStore';
import { createSeededKeycloakStore } from './seedKeycloak';

const ADMIN = {
  clientId: 'ops-portal-admin',
  clientSecret: 'test-admin-secret',
};

/** The error `@keycloak/keycloak-admin-client` throws for a non-2xx answer. */
async function failure(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    e => e,
  );
  expect(error).toBeInstanceOf(Error);
  return {
    message: (error as Error).message,
    status: (error as { response?: Response }).response?.status,
    body: (error as { responseData?: unknown }).responseData,
  };
}

describe('Keycloak stand-in with @keycloak/keycloak-admin-client', () => {
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

  it('authenticates with client credentials and creates a confidential client with a generated secret', async () => {
    const kc = await adminClient();
    const { id } = await kc.clients.create({
      clientId: 'payments',
      name: 'payments',
      protocol: 'openid-connect',
      publicClient: false,
      serviceAccountsEnabled: true,
      standardFlowEnabled: false,
      redirectUris: [],
      webOrigins: [],
      attributes: { 'backstage.io/owner': 'team-billing' },
    });
    expect(id).toMatch(/^[0-9a-f-]{36}$/);

    const found = await kc.clients.find({ clientId: 'payments' });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      id,
      clientId: 'payments',
      enabled: true,
      publicClient: false,
      serviceAccountsEnabled: true,
      standardFlowEnabled: false,
      protocol: 'openid-connect',
      attributes: expect.objectContaining({
        'backstage.io/owner': 'team-billing',
      }),
    });
    const secret = await kc.clients.getClientSecret({ id });
    expect(secret).toEqual({ type: 'secret', value: found[0].secret });
    expect(secret.value).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(store.findClient('platform', 'payments')?.secret).toBe(secret.value);

    // The client's own credentials work at its realm's token endpoint.
    const own = new KeycloakAdminClient({ baseUrl, realmName: 'platform' });
    await own.auth({
      grantType: 'client_credentials',
      clientId: 'payments',
      clientSecret: secret.value!,
    });
    expect(own.accessToken).toBeTruthy();
  });

  it('gives each confidential client its own random secret', async () => {
    const kc = await adminClient();
    const a = await kc.clients.create({ clientId: 'a', publicClient: false });
    const b = await kc.clients.create({ clientId: 'b', publicClient: false });
    const secretA = await kc.clients.getClientSecret({ id: a.id });
    const secretB = await kc.clients.getClientSecret({ id: b.id });
    expect(secretA.value).not.toBe(secretB.value);
  });

  it('answers a duplicate clientId with 409 and Keycloak errorMessage', async () => {
    const kc = await adminClient();
    await kc.clients.create({ clientId: 'payments' });
    const duplicate = await failure(
      kc.clients.create({ clientId: 'payments' }),
    );
    expect(duplicate).toEqual({
      message: 'Client payments already exists',
      status: 409,
      body: { errorMessage: 'Client payments already exists' },
    });
  });

  it('finds by exact clientId, by search and in pages', async () => {
    const kc = await adminClient();
    for (const clientId of ['orders', 'orders-worker', 'payments']) {
      await kc.clients.create({ clientId });
    }
    const exact = await kc.clients.find({ clientId: 'orders' });
    expect(exact.map(c => c.clientId)).toEqual(['orders']);
    expect(await kc.clients.find({ clientId: 'ORDERS' })).toEqual([]);

    const search = await kc.clients.find({ clientId: 'ORDER', search: true });
    expect(search.map(c => c.clientId)).toEqual(['orders', 'orders-worker']);

    const all = await kc.clients.find();
    expect(all.map(c => c.clientId)).toEqual([
      'admin-cli',
      'orders',
      'orders-worker',
      'payments',
    ]);
    const page = await kc.clients.find({ first: 1, max: 2 });
    expect(page.map(c => c.clientId)).toEqual(['orders', 'orders-worker']);
  });

  it('updates, regenerates the secret of, and deletes a client', async () => {
    const kc = await adminClient();
    const { id } = await kc.clients.create({ clientId: 'payments' });
    const before = await kc.clients.findOne({ id });

    await kc.clients.update(
      { id },
      {
        ...before,
        redirectUris: ['https://payments.example.com/*'],
        attributes: { 'post.logout.redirect.uris': '+' },
      },
    );
    const after = await kc.clients.findOne({ id });
    expect(after?.redirectUris).toEqual(['https://payments.example.com/*']);
    expect(after?.attributes).toMatchObject({
      realm_client: 'false',
      'post.logout.redirect.uris': '+',
    });
    expect(after?.secret).toBe(before?.secret);

    const regenerated = await kc.clients.generateNewClientSecret({ id });
    expect(regenerated.type).toBe('secret');
    expect(regenerated.value).not.toBe(before?.secret);
    expect((await kc.clients.getClientSecret({ id })).value).toBe(
      regenerated.value,
    );

    await kc.clients.del({ id });
    expect(await kc.clients.findOne({ id })).toBeNull();
    const gone = await failure(kc.clients.del({ id }));
    expect(gone).toMatchObject({
      status: 404,
      body: { error: 'Could not find client' },
    });
  });

  it('refuses wrong client credentials and a wrong password', async () => {
    const kc = new KeycloakAdminClient({ baseUrl, realmName: 'master' });
    const wrongSecret = await failure(
      kc.auth({
        grantType: 'client_credentials',
        clientId: ADMIN.clientId,
        clientSecret: 'nope',
      }),
    );
    expect(wrongSecret).toEqual({
      message: 'unauthorized_client',
      status: 401,
      body: {
        error: 'unauthorized_client',
        error_description: 'Invalid client or Invalid client credentials',
      },
    });
    const unknown = await failure(
      kc.auth({
        grantType: 'client_credentials',
        clientId: 'nobody',
        clientSecret: 'x',
      }),
    );
    expect(unknown).toMatchObject({
      status: 401,
      body: { error: 'invalid_client' },
    });

    const wrongPassword = await failure(
      kc.auth({
        grantType: 'password',
        clientId: 'admin-cli',
        username: 'admin',
        password: 'nope',
      }),
    );
    expect(wrongPassword).toMatchObject({
      status: 400,
      body: {
        error: 'invalid_grant',
        error_description: 'Invalid user credentials',
      },
    });
  });

  it('lets the admin user in through admin-cli with the password grant', async () => {
    const kc = new KeycloakAdminClient({ baseUrl, realmName: 'master' });
    await kc.auth({
      grantType: 'password',
      clientId: 'admin-cli',
      username: 'admin',
      password: 'admin-password',
    });
    expect(kc.refreshToken).toBeTruthy();
    const realms = await kc.realms.find();
    expect(realms.map(r => r.realm)).toEqual(['master', 'platform', 'driver']);
  });

  it('reports a missing realm like Keycloak', async () => {
    const kc = await adminClient();
    expect(await kc.realms.findOne({ realm: 'platform' })).toMatchObject({
      realm: 'platform',
      enabled: true,
    });
    expect(await kc.realms.findOne({ realm: 'nope' })).toBeNull();
    const listing = await failure(kc.clients.find({ realm: 'nope' }));
    expect(listing).toEqual({
      message: 'Realm not found.',
      status: 404,
      body: { error: 'Realm not found.' },
    });
  });

  it('refuses the Admin API to a token without the admin role', async () => {
    const kc = await adminClient();
    const { id } = await kc.clients.create({
      clientId: 'payments',
      serviceAccountsEnabled: true,
    });
    const { value } = await kc.clients.getClientSecret({ id });
    const service = new KeycloakAdminClient({ baseUrl, realmName: 'platform' });
    await service.auth({
      grantType: 'client_credentials',
      clientId: 'payments',
      clientSecret: value!,
    });
    const refused = await failure(service.clients.find());
    expect(refused).toMatchObject({
      status: 403,
      body: { error: 'HTTP 403 Forbidden' },
    });
  });
});
