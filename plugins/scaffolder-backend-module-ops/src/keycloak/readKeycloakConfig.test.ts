import { ConfigReader } from '@backstage/config';
import { readKeycloakConfig } from './readKeycloakConfig';

const base = {
  baseUrl: 'https://keycloak.example.com/',
  realm: 'services',
  clientId: 'ops-portal-admin',
  clientSecret: 'admin-secret',
};
const read = (keycloak?: object) =>
  readKeycloakConfig(
    new ConfigReader(keycloak ? { opsPortal: { keycloak } } : {}),
  );

describe('readKeycloakConfig', () => {
  it('applies the defaults', () => {
    expect(read(base)).toEqual({
      baseUrl: 'https://keycloak.example.com',
      realm: 'services',
      adminRealm: 'master',
      adminClientId: 'ops-portal-admin',
      adminClientSecret: 'admin-secret',
      secretDelivery: 'kubernetes',
      externalSecretStore: undefined,
      timeoutMs: 10000,
    });
  });

  it.each([
    [undefined, "Missing config 'opsPortal.keycloak'"],
    [
      { ...base, baseUrl: 'keycloak' },
      "'opsPortal.keycloak.baseUrl': 'keycloak' is not an http(s) URL",
    ],
    [{ ...base, clientSecret: undefined }, 'opsPortal.keycloak.clientSecret'],
    [
      { ...base, secretDelivery: 'vault' },
      "'vault' is neither 'kubernetes' nor 'external-secret'",
    ],
    [
      { ...base, secretDelivery: 'external-secret' },
      "Missing config 'opsPortal.keycloak.externalSecretStore'",
    ],
    [
      { ...base, timeoutMs: 0 },
      "'opsPortal.keycloak.timeoutMs': 0 is not a positive number",
    ],
  ])('%j fails with %s', (keycloak, message) => {
    expect(() => read(keycloak)).toThrow(message);
  });

  it('never puts the admin secret into an error', () => {
    expect(() =>
      read({ ...base, clientSecret: 'admin-secret', secretDelivery: 'x' }),
    ).toThrow(
      expect.objectContaining({
        message: expect.not.stringContaining('admin-secret'),
      }),
    );
  });
});
