import http from 'node:http';
import { AddressInfo } from 'node:net';
import {
  createKeycloakRouter,
  createSeededKeycloakStore,
} from '@internal/sandbox';
import {
  describeKeycloakContractSuite,
  KeycloakContractTarget,
} from './keycloakContract';

describe('the Keycloak stand-in', () => {
  let server: http.Server;
  let target: KeycloakContractTarget;

  beforeAll(async () => {
    const seed = {
      realms: ['platform'],
      adminClientId: 'ops-portal-admin',
      adminClientSecret: 'contract-admin-secret',
      adminUsername: 'admin',
      adminPassword: 'contract-admin-password',
    };
    server = http.createServer(
      createKeycloakRouter({ store: createSeededKeycloakStore(seed) }),
    );
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    target = {
      baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      realm: 'platform',
      adminRealm: 'master',
      clientId: seed.adminClientId,
      clientSecret: seed.adminClientSecret,
      adminUsername: seed.adminUsername,
      adminPassword: seed.adminPassword,
    };
  });

  afterAll(async () => {
    await new Promise(resolve => server.close(resolve));
  });

  describeKeycloakContractSuite('meets the Keycloak contract', () => target);
});
