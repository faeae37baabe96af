import KeycloakAdminClient from '@keycloak/keycloak-admin-client';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { createKeycloakRouter } from './createKeycloakRouter';
import { createSeededKeycloakStore } from './seedKeycloak';

const audienceMapper = (name: string, audience: string) => ({
  name,
  protocol: 'openid-connect',
  protocolMapper: 'oidc-audience-mapper',
  config: {
    'included.client.audience': audience,
    'access.token.claim': 'true',
  },
});

describe('Keycloak stand-in protocol mappers with @keycloak/keycloak-admin-client', () => {
  let server: http.Server;
  let kc: KeycloakAdminClient;

  beforeEach(async () => {
    const store = createSeededKeycloakStore({
      realms: ['platform'],
      adminClientId: 'ops-portal-admin',
      adminClientSecret: 's',
      adminUsername: 'admin',
      adminPassword: 'pw',
    });
    server = http.createServer(createKeycloakRouter({ store }));
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    const baseUrl = `http://127.0.0.1:${
      (server.address() as AddressInfo).port
    }`;
    kc = new KeycloakAdminClient({ baseUrl, realmName: 'master' });
    await kc.auth({
      grantType: 'client_credentials',
      clientId: 'ops-portal-admin',
      clientSecret: 's',
    });
    kc.setConfig({ realmName: 'platform' });
  });

  afterEach(async () => {
    await new Promise(resolve => server.close(resolve));
  });

  it('keeps mappers sent with the client, giving each an id', async () => {
    const { id } = await kc.clients.create({
      clientId: 'payments',
      protocolMappers: [audienceMapper('payments-audience', 'payments')],
    });
    const client = await kc.clients.findOne({ id });
    expect(client?.protocolMappers).toEqual([
      {
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        name: 'payments-audience',
        protocol: 'openid-connect',
        protocolMapper: 'oidc-audience-mapper',
        consentRequired: false,
        config: {
          'included.client.audience': 'payments',
          'access.token.claim': 'true',
        },
      },
    ]);
    // An update that echoes the representation leaves the mappers as they are.
    await kc.clients.update({ id }, { ...client, protocolMappers: [] });
    expect(await kc.clients.listProtocolMappers({ id })).toHaveLength(1);
  });

  it('adds, reads and deletes a mapper; a taken name is a 409', async () => {
    const { id } = await kc.clients.create({ clientId: 'payments' });
    expect(await kc.clients.listProtocolMappers({ id })).toEqual([]);

    await kc.clients.addProtocolMapper(
      { id },
      audienceMapper('payments-audience', 'payments'),
    );
    const [mapper] = await kc.clients.listProtocolMappers({ id });
    expect(mapper.name).toBe('payments-audience');
    expect(
      await kc.clients.findProtocolMapperById({ id, mapperId: mapper.id! }),
    ).toEqual(mapper);

    const duplicate = await kc.clients
      .addProtocolMapper({ id }, audienceMapper('payments-audience', 'x'))
      .then(
        () => undefined,
        e => e,
      );
    expect(duplicate.message).toBe('Protocol mapper exists with same name');
    expect(duplicate.response.status).toBe(409);

    await kc.clients.delProtocolMapper({ id, mapperId: mapper.id! });
    expect(
      await kc.clients.findProtocolMapperById({ id, mapperId: mapper.id! }),
    ).toBeNull();
  });
});
