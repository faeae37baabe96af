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
const read = (cluster: string | undefined) =>
  readClusterConfig(
    new ConfigReader({
      opsPortal: cluster ? { scaffolder: { cluster } } : {},
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

  it.each([
    [undefined, "Missing config 'opsPortal.scaffolder.cluster'"],
    [
      'missing',
      "names cluster 'missing', which is not among the clusters of kubernetes.clusterLocatorMethods (type config): other, prod, tokenless",
    ],
    ['tokenless', "Kubernetes cluster 'tokenless' has no serviceAccountToken"],
  ])('%s fails with %s', (name, message) => {
    expect(() => read(name)).toThrow(message);
  });
});
