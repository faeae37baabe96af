import { ConfigReader } from '@backstage/config';
import { readClusterConfig } from './readClusterConfig';

const clusters = [
  { name: 'other', url: 'https://other.example.com', serviceAccountToken: 'x' },
  {
    name: 'prod',
    url: 'https://k8s.example.com:6443/',
    serviceAccountToken: 'sa-token',
    caData: 'Q0E=',
  },
  { name: 'tokenless', url: 'https://k8s.example.com' },
];
const read = (cluster: string | undefined, writers?: object[]) =>
  readClusterConfig(
    new ConfigReader({
      opsPortal: {
        ...(cluster && { scaffolder: { cluster } }),
        ...(writers && { kubernetes: { writers } }),
      },
      kubernetes: {
        clusterLocatorMethods: [
          { type: 'catalog' },
          { type: 'config', clusters },
        ],
      },
    }),
  );

describe('readClusterConfig', () => {
  it('finds the named cluster among the config locator clusters', () => {
    expect(read('prod')).toEqual({
      name: 'prod',
      url: 'https://k8s.example.com:6443',
      serviceAccountToken: 'sa-token',
      skipTLSVerify: false,
      caData: 'Q0E=',
    });
  });

  it('writes with the writer token of opsPortal.kubernetes.writers', () => {
    expect(
      read('prod', [{ cluster: 'prod', serviceAccountToken: 'writer-token' }]),
    ).toMatchObject({ name: 'prod', serviceAccountToken: 'writer-token' });
  });

  it.each([
    [undefined, "Missing config 'opsPortal.scaffolder.cluster'"],
    [
      'missing',
      "names cluster 'missing', which is not among the clusters of kubernetes.clusterLocatorMethods (type config): other, prod, tokenless",
    ],
    [
      'tokenless',
      "names cluster 'tokenless', which has no writer credential: add { cluster: tokenless, serviceAccountToken } to opsPortal.kubernetes.writers",
    ],
  ])('%s fails with %s', (name, message) => {
    expect(() => read(name)).toThrow(message);
  });
});
