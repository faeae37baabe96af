import { ConfigReader } from '@backstage/config';
import { readKongConfig } from './readKongConfig';

const kubernetes = {
  clusterLocatorMethods: [
    {
      type: 'config',
      clusters: [
        {
          name: 'sandbox',
          url: 'http://127.0.0.1:7171/',
          serviceAccountToken: 'token',
          skipTLSVerify: true,
        },
      ],
    },
  ],
};

describe('readKongConfig', () => {
  it('reads the kubernetes source with its cluster and defaults', () => {
    expect(
      readKongConfig(
        new ConfigReader({
          kubernetes,
          opsPortal: { kong: { cluster: 'sandbox' } },
        }),
      ),
    ).toEqual({
      source: 'kubernetes',
      cluster: {
        name: 'sandbox',
        url: 'http://127.0.0.1:7171',
        serviceAccountToken: 'token',
        skipTLSVerify: true,
        caData: undefined,
      },
      ingressClass: 'kong',
      naming: 'kic2',
      timeoutMs: 5000,
      proxyReplicas: undefined,
      proxyDeployment: undefined,
    });
  });

  it('reads the Kong proxy Deployment', () => {
    const settings = readKongConfig(
      new ConfigReader({
        kubernetes,
        opsPortal: {
          kong: { cluster: 'sandbox', proxyDeployment: 'kong/kong-gateway' },
        },
      }),
    );
    expect(settings).toMatchObject({
      proxyDeployment: { namespace: 'kong', name: 'kong-gateway' },
    });
  });

  it('reads the Admin API source', () => {
    expect(
      readKongConfig(
        new ConfigReader({
          opsPortal: {
            kong: {
              source: 'admin-api',
              proxyReplicas: 3,
              adminApi: { url: 'http://kong-admin:8001/', token: 't' },
            },
          },
        }),
      ),
    ).toEqual({
      source: 'admin-api',
      proxyReplicas: 3,
      adminApi: {
        url: 'http://kong-admin:8001',
        token: 't',
        tokenHeader: 'Kong-Admin-Token',
        timeoutMs: 5000,
      },
    });
  });

  it.each([
    [{}, "Missing config 'opsPortal.kong.cluster'"],
    [
      { cluster: 'prod' },
      "names cluster 'prod', which is not among the clusters",
    ],
    [{ source: 'admin-api' }, "'opsPortal.kong.adminApi.url' is missing"],
    [{ source: 'deck' }, "must be kubernetes or admin-api, not 'deck'"],
    [
      { cluster: 'sandbox', kicNaming: 'kic1' },
      "'opsPortal.kong.kicNaming' must be kic2 or kic3, not 'kic1'",
    ],
    [
      { cluster: 'sandbox', proxyDeployment: 'kong' },
      "'opsPortal.kong.proxyDeployment' must be <namespace>/<name>, not 'kong'",
    ],
  ])('refuses %j', (kong, message) => {
    expect(() =>
      readKongConfig(new ConfigReader({ kubernetes, opsPortal: { kong } })),
    ).toThrow(message);
  });
});
