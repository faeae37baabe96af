import http from 'node:http';
import { AddressInfo } from 'node:net';
import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { delay, http as mswHttp, HttpResponse, passthrough } from 'msw';
import { setupServer } from 'msw/node';
import { FakeKeycloak } from './__testUtils__/FakeKeycloak';
import { serviceClientPolicy } from '../actions/createKeycloakClient';
import { markerAttributes } from './clientMarker';
import { ServiceClientSpec } from './clientRepresentation';
import { KeycloakClientService } from './KeycloakClientService';
import { KeycloakSettings } from './readKeycloakConfig';

const BASE = 'http://keycloak.test';
const server = setupServer();
registerMswTestHooks(server);

function settings(overrides: Partial<KeycloakSettings> = {}): KeycloakSettings {
  return {
    baseUrl: BASE,
    realm: 'services',
    adminRealm: 'master',
    adminClientId: 'ops-portal-admin',
    adminClientSecret: 'admin-s3cret-value',
    secretDelivery: 'kubernetes',
    timeoutMs: 2000,
    ...overrides,
  };
}

const spec: ServiceClientSpec = {
  clientId: 'payments',
  redirectUris: ['https://api.example.com/api/payments/callback'],
  webOrigins: ['+'],
};

const marker = { service: 'payments', owner: 'group:default/team-a' };

/** The service with the portal's reuse policy, creating clients for `marker`. */
function service(s: KeycloakSettings = settings(), as = marker) {
  const keycloak = new KeycloakClientService(s, serviceClientPolicy(s));
  return {
    ensureConfidentialClient: (realm: string, sp: typeof spec) =>
      keycloak.ensureConfidentialClient(realm, sp, as),
    readClientSecret: (realm: string, id: string, clientId: string) =>
      keycloak.readClientSecret(realm, id, clientId),
  };
}

async function failureOf(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: Error) => e,
  );
}

describe('KeycloakClientService', () => {
  let keycloak: FakeKeycloak;

  beforeEach(() => {
    keycloak = new FakeKeycloak(BASE);
    keycloak.addRealm('services');
    server.use(...keycloak.handlers());
  });

  it('creates a confidential client with the audience mapper Kong needs', async () => {
    const result = await service(settings()).ensureConfidentialClient(
      'services',
      spec,
    );

    expect(result).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      clientId: 'payments',
      realm: 'services',
      created: true,
      audienceMapperAdded: false,
    });
    expect(keycloak.createdBodies).toEqual([
      expect.objectContaining({
        clientId: 'payments',
        protocol: 'openid-connect',
        publicClient: false,
        standardFlowEnabled: true,
        serviceAccountsEnabled: true,
        directAccessGrantsEnabled: false,
        redirectUris: spec.redirectUris,
        webOrigins: ['+'],
        protocolMappers: [
          {
            name: 'audience-payments',
            protocol: 'openid-connect',
            protocolMapper: 'oidc-audience-mapper',
            config: {
              'included.client.audience': 'payments',
              'id.token.claim': 'false',
              'access.token.claim': 'true',
              'introspection.token.claim': 'true',
            },
          },
        ],
      }),
    ]);
    expect(keycloak.realms.get('services')!.get(result.id)?.clientId).toBe(
      'payments',
    );
  });

  it('reuses an existing client on a re-run: no second client, same id', async () => {
    const first = await service(settings()).ensureConfidentialClient(
      'services',
      spec,
    );
    const secretBefore = keycloak.realms.get('services')!.get(first.id)!.secret;

    const second = await service(settings()).ensureConfidentialClient(
      'services',
      spec,
    );

    expect(second).toEqual({ ...first, created: false });
    expect(keycloak.realms.get('services')!.size).toBe(1);
    expect(keycloak.createdBodies).toHaveLength(1);
    expect(keycloak.realms.get('services')!.get(first.id)!.secret).toBe(
      secretBefore,
    );
  });

  it('adds the audience mapper to an existing client that lacks it', async () => {
    const existing = keycloak.addClient('services', {
      clientId: 'payments',
      publicClient: false,
      secret: 'old-secret',
      protocolMappers: [],
      attributes: markerAttributes(marker),
    });

    const result = await service(settings()).ensureConfidentialClient(
      'services',
      {
        ...spec,
        audience: 'payments-api',
      },
    );

    expect(result).toMatchObject({
      id: existing.id,
      created: false,
      audienceMapperAdded: true,
    });
    expect(existing.protocolMappers).toEqual([
      expect.objectContaining({
        protocolMapper: 'oidc-audience-mapper',
        config: expect.objectContaining({
          'included.custom.audience': 'payments-api',
        }),
      }),
    ]);
  });

  it('refuses to reuse a public client', async () => {
    keycloak.addClient('services', {
      clientId: 'payments',
      publicClient: true,
      attributes: markerAttributes(marker),
    });
    const error = await failureOf(
      service(settings()).ensureConfidentialClient('services', spec),
    );
    expect(error.message).toMatch(
      /'payments' already exists in realm 'services' as a public client/,
    );
  });

  it('marks a new client with the service and owner', async () => {
    await service().ensureConfidentialClient('services', spec);
    expect(keycloak.createdBodies[0].attributes).toEqual({
      'ops-portal.service': 'payments',
      'ops-portal.owner': 'group:default/team-a',
    });
  });

  it.each([
    ['a client the portal did not create', {}, 'did not create for a service'],
    [
      "another owner's client",
      { attributes: markerAttributes({ ...marker, owner: 'group:default/b' }) },
      'owned by group:default/b',
    ],
    [
      "the same owner's client of another service",
      { attributes: markerAttributes({ ...marker, service: 'billing' }) },
      "created for service 'billing'",
    ],
  ])(
    'refuses to reuse %s and changes nothing',
    async (_what, extra, message) => {
      const existing = keycloak.addClient('services', {
        clientId: 'payments',
        publicClient: false,
        protocolMappers: [],
        ...extra,
      });
      const error = await failureOf(
        service().ensureConfidentialClient('services', spec),
      );
      expect(error.name).toBe('ConflictError');
      expect(error.message).toContain(message);
      expect(keycloak.createdBodies).toEqual([]);
      expect(existing.protocolMappers).toEqual([]);
      expect(
        keycloak.requests.filter(r => r.startsWith('POST /admin')),
      ).toEqual([]);
    },
  );

  it.each([
    'account',
    'account-console',
    'admin-cli',
    'broker',
    'realm-management',
    'security-admin-console',
    'master-realm',
    'Admin-CLI',
    'ops-portal-admin',
  ])('refuses the reserved client id %s before calling Keycloak', async id => {
    const error = await failureOf(
      service().ensureConfidentialClient('services', { ...spec, clientId: id }),
    );
    expect(error.name).toBe('NotAllowedError');
    expect(error.message).toContain('is reserved');
    expect(keycloak.requests).toEqual([]);
  });

  it('reads the secret of a client', async () => {
    const client = keycloak.addClient('services', {
      clientId: 'payments',
      secret: 'the-secret',
    });
    await expect(
      service(settings()).readClientSecret('services', client.id, 'payments'),
    ).resolves.toBe('the-secret');
  });

  it('names the realm when it does not exist', async () => {
    const error = await failureOf(
      service(settings()).ensureConfidentialClient('nope', spec),
    );
    expect(error.message).toBe(
      `Keycloak at ${BASE}: the realm 'nope' does not exist (404: Realm not found.)`,
    );
  });

  it('names Keycloak, the URL and the cause when the admin login is refused', async () => {
    const error = await failureOf(
      service(
        settings({ adminClientSecret: 'wrong-admin-secret' }),
      ).ensureConfidentialClient('services', spec),
    );
    expect(error.message).toBe(
      `Keycloak at ${BASE} refused the admin login of client 'ops-portal-admin' in realm 'master' (401: unauthorized_client: Invalid client or Invalid client credentials)`,
    );
    expect(error.message).not.toContain('wrong-admin-secret');
  });

  it('reports an unreachable Keycloak with the connection error', async () => {
    const closed = http.createServer();
    await new Promise<void>(resolve => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise(resolve => closed.close(resolve));
    const url = `http://127.0.0.1:${port}`;
    server.use(mswHttp.all(`${url}/*`, () => passthrough()));

    const error = await failureOf(
      service(settings({ baseUrl: url })).ensureConfidentialClient(
        'services',
        spec,
      ),
    );
    expect(error.message).toBe(
      `Keycloak at ${url} is unreachable (connect ECONNREFUSED)`,
    );
  });

  it('gives up after the configured timeout', async () => {
    server.use(
      mswHttp.post(
        `${BASE}/realms/master/protocol/openid-connect/token`,
        async () => {
          await delay(2000);
          return HttpResponse.json({});
        },
      ),
    );
    const error = await failureOf(
      service(settings({ timeoutMs: 50 })).ensureConfidentialClient(
        'services',
        spec,
      ),
    );
    expect(error.message).toBe(
      `Keycloak at ${BASE} did not answer within 50 ms while logging in with the admin client`,
    );
  });

  it('refuses wildcard redirect URIs before calling Keycloak', async () => {
    const error = await failureOf(
      service(settings()).ensureConfidentialClient('services', {
        ...spec,
        redirectUris: ['*'],
      }),
    );
    expect(error.name).toBe('InputError');
    expect(error.message).toContain(
      "redirect URI '*' must be an absolute http(s) URL",
    );
    expect(keycloak.requests).toEqual([]);
  });
});
