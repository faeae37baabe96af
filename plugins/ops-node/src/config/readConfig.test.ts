import { ConfigReader } from '@backstage/config';
import { readArgoCdInstance } from './readArgoCdInstance';
import { readConfiguredCluster } from './readConfiguredCluster';

const config = new ConfigReader({
  kubernetes: {
    clusterLocatorMethods: [
      {
        type: 'config',
        clusters: [
          {
            name: 'prod',
            url: 'https://k8s.example.com/',
            serviceAccountToken: 'k8s-secret',
            caData: 'Q0E=',
          },
        ],
      },
    ],
  },
  argocd: {
    appLocatorMethods: [
      {
        type: 'config',
        instances: [
          { name: 'main', url: 'https://argo.example.com/', token: 'argo' },
          { name: 'tokenless', url: 'https://argo2.example.com' },
        ],
      },
    ],
  },
});

describe('readConfiguredCluster', () => {
  it('reads the named cluster', () => {
    expect(readConfiguredCluster(config, 'prod', 'x.cluster')).toEqual({
      name: 'prod',
      url: 'https://k8s.example.com',
      serviceAccountToken: 'k8s-secret',
      skipTLSVerify: false,
      caData: 'Q0E=',
    });
  });

  it('names the key and the known clusters when the name is unknown', () => {
    expect(() => readConfiguredCluster(config, 'dev', 'x.cluster')).toThrow(
      "Config 'x.cluster' names cluster 'dev', which is not among the clusters of kubernetes.clusterLocatorMethods (type config): prod",
    );
  });
});

describe('readArgoCdInstance', () => {
  it('reads the named instance', () => {
    expect(readArgoCdInstance(config, 'main', 'x.argocd')).toEqual({
      name: 'main',
      url: 'https://argo.example.com',
      token: 'argo',
    });
  });

  it.each([
    [
      'ghost',
      "Config 'x.argocd' names Argo CD instance 'ghost', which is not among argocd.appLocatorMethods (type config): main, tokenless",
    ],
    [
      'tokenless',
      "Argo CD instance 'tokenless' has no token in argocd.appLocatorMethods; 'x.argocd' needs an API token",
    ],
  ])('refuses instance %s', (name, message) => {
    expect(() => readArgoCdInstance(config, name, 'x.argocd')).toThrow(message);
  });
});
