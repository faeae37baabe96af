import { ConfigReader } from '@backstage/config';
import { readArgoCdWriter } from './readArgoCdWriter';
import { readClusterWriter } from './readClusterWriter';
import { writerCredentialsRequired } from './writerCredentials';

const platform = {
  kubernetes: {
    clusterLocatorMethods: [
      {
        type: 'config',
        clusters: [
          {
            name: 'prod',
            url: 'https://k8s.example.com/',
            serviceAccountToken: 'k8s-reader',
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
          {
            name: 'main',
            url: 'https://argo.example.com/',
            token: 'argo-reader',
          },
        ],
      },
    ],
  },
};

function configWith(options: {
  production?: boolean;
  kubeWriters?: Array<Record<string, string>>;
  argoWriters?: Array<Record<string, string>>;
}) {
  return new ConfigReader({
    ...platform,
    ...(options.production && { auth: { environment: 'production' } }),
    opsPortal: {
      ...(options.kubeWriters && {
        kubernetes: { writers: options.kubeWriters },
      }),
      ...(options.argoWriters && { argocd: { writers: options.argoWriters } }),
    },
  });
}

describe('writerCredentialsRequired', () => {
  it.each([
    [{ auth: { environment: 'production' } }, true],
    [{ auth: { environment: 'development' } }, false],
    [{}, false],
  ])('%j → %s', (data, expected) => {
    expect(writerCredentialsRequired(new ConfigReader(data))).toBe(expected);
  });
});

describe('readClusterWriter', () => {
  it.each([false, true])(
    'takes the writer token, the url and TLS of the cluster (production %s)',
    production => {
      expect(
        readClusterWriter(
          configWith({
            production,
            kubeWriters: [
              { cluster: 'other', serviceAccountToken: 'x' },
              { cluster: 'prod', serviceAccountToken: 'k8s-writer' },
            ],
          }),
          'prod',
          'x.cluster',
        ),
      ).toEqual({
        name: 'prod',
        url: 'https://k8s.example.com',
        serviceAccountToken: 'k8s-writer',
        skipTLSVerify: false,
        caData: 'Q0E=',
      });
    },
  );

  it('falls back to the reader token in development only', () => {
    expect(
      readClusterWriter(configWith({}), 'prod', 'x.cluster')
        .serviceAccountToken,
    ).toBe('k8s-reader');
    expect(() =>
      readClusterWriter(configWith({ production: true }), 'prod', 'x.cluster'),
    ).toThrow(
      "Config 'x.cluster' names cluster 'prod', which has no writer credential: add { cluster: prod, serviceAccountToken } to opsPortal.kubernetes.writers",
    );
  });

  it.each([
    [
      'a writer token equal to the reader token in production',
      {
        production: true,
        kubeWriters: [{ cluster: 'prod', serviceAccountToken: 'k8s-reader' }],
      },
      'equals the read-only token of kubernetes.clusterLocatorMethods',
    ],
    [
      'two writer entries for one cluster',
      {
        kubeWriters: [
          { cluster: 'prod', serviceAccountToken: 'a' },
          { cluster: 'prod', serviceAccountToken: 'b' },
        ],
      },
      "Config 'opsPortal.kubernetes.writers' has 2 entries with cluster 'prod'; keep one",
    ],
    [
      'a writer for an unknown cluster',
      { kubeWriters: [{ cluster: 'ghost', serviceAccountToken: 'a' }] },
      "names cluster 'ghost', which is not among the clusters",
    ],
  ])('refuses %s', (_what, options, message) => {
    const name = options.kubeWriters[0].cluster as string;
    expect(() =>
      readClusterWriter(configWith(options), name, 'x.cluster'),
    ).toThrow(message);
  });
});

describe('readArgoCdWriter', () => {
  it.each([false, true])(
    'takes the writer token and the url of the instance (production %s)',
    production => {
      expect(
        readArgoCdWriter(
          configWith({
            production,
            argoWriters: [{ instance: 'main', token: 'argo-writer' }],
          }),
          'main',
          'x.argocd',
        ),
      ).toEqual({
        name: 'main',
        url: 'https://argo.example.com',
        token: 'argo-writer',
      });
    },
  );

  it('falls back to the reader token in development only', () => {
    expect(readArgoCdWriter(configWith({}), 'main', 'x.argocd').token).toBe(
      'argo-reader',
    );
    expect(() =>
      readArgoCdWriter(configWith({ production: true }), 'main', 'x.argocd'),
    ).toThrow(
      "Config 'x.argocd' names Argo CD instance 'main', which has no writer credential: add { instance: main, token } to opsPortal.argocd.writers",
    );
  });

  it.each([
    [
      'a writer token equal to the reader token in production',
      {
        production: true,
        argoWriters: [{ instance: 'main', token: 'argo-reader' }],
      },
      'main',
      'equals the read-only token of argocd.appLocatorMethods',
    ],
    [
      'two writer entries for one instance',
      {
        argoWriters: [
          { instance: 'main', token: 'a' },
          { instance: 'main', token: 'b' },
        ],
      },
      'main',
      "Config 'opsPortal.argocd.writers' has 2 entries with instance 'main'; keep one",
    ],
    [
      'a writer for an unknown instance',
      { argoWriters: [{ instance: 'ghost', token: 'a' }] },
      'ghost',
      "names Argo CD instance 'ghost', which is not among argocd.appLocatorMethods",
    ],
  ])('refuses %s', (_what, options, name, message) => {
    expect(() =>
      readArgoCdWriter(configWith(options), name, 'x.argocd'),
    ).toThrow(message);
  });
});
