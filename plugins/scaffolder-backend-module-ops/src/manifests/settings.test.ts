import { ConfigReader } from '@backstage/config';
import {
  DEFAULT_DENIED_NAMESPACES,
  readServiceManifestSettings,
} from './settings';

const base = {
  opsPortal: {
    scaffolder: {
      cluster: 'local',
      argocdInstance: 'local',
      allowedImageRegistries: ['ghcr.io/acme/'],
      gatewayUrl: 'http://localhost:8000/',
      argocdProject: 'services',
    },
    gitops: {
      repoUrl: 'https://git.example.com/gitops.git',
      fileUrlTemplate: 'x',
    },
    keycloak: {
      baseUrl: 'https://keycloak.example.com/',
      realm: 'platform',
      clientId: 'portal',
      clientSecret: 's',
    },
  },
};

function withPatch(patch: (config: any) => void) {
  const config = JSON.parse(JSON.stringify(base));
  patch(config);
  return new ConfigReader(config);
}

describe('readServiceManifestSettings', () => {
  it('applies the defaults', () => {
    expect(readServiceManifestSettings(new ConfigReader(base))).toEqual({
      allowedImageRegistries: ['ghcr.io/acme/'],
      fluentd: { host: 'fluentd.logs.svc', port: 24224 },
      gatewayUrl: 'http://localhost:8000',
      argocdProject: 'services',
      deniedNamespaces: [...DEFAULT_DENIED_NAMESPACES],
      gitops: { repoUrl: 'https://git.example.com/gitops.git', branch: 'main' },
      oidc: {
        issuerUrl: 'https://keycloak.example.com/realms/platform',
        secretDelivery: 'kubernetes',
      },
    });
  });

  it('reads every optional key', () => {
    const settings = readServiceManifestSettings(
      withPatch(c => {
        Object.assign(c.opsPortal.scaffolder, {
          argocdProject: 'team-services',
          deniedNamespaces: ['kube-system', ' platform ', 'kube-system'],
          fluentd: { host: 'fluentd.efk', port: 24225 },
          routeHost: 'api.example.com',
        });
        delete c.opsPortal.scaffolder.gatewayUrl;
        c.opsPortal.gitops.branch = 'deploy';
        Object.assign(c.opsPortal.keycloak, {
          issuerUrl: 'http://keycloak.iam/realms/platform/',
          secretDelivery: 'external-secret',
          externalSecretStore: 'vault',
        });
      }),
    );
    expect(settings).toEqual({
      allowedImageRegistries: ['ghcr.io/acme/'],
      fluentd: { host: 'fluentd.efk', port: 24225 },
      routeHost: 'api.example.com',
      gatewayUrl: 'https://api.example.com',
      argocdProject: 'team-services',
      deniedNamespaces: ['kube-system', 'platform'],
      gitops: {
        repoUrl: 'https://git.example.com/gitops.git',
        branch: 'deploy',
      },
      oidc: {
        issuerUrl: 'http://keycloak.iam/realms/platform',
        secretDelivery: 'external-secret',
        externalSecretStore: 'vault',
      },
    });
  });

  it('refuses the default namespaces of the platform when none are configured', () => {
    expect(DEFAULT_DENIED_NAMESPACES).toEqual(
      expect.arrayContaining([
        'default',
        'kube-system',
        'kube-public',
        'kube-node-lease',
        'argocd',
        'istio-system',
        'kong',
        'keycloak',
        'logging',
      ]),
    );
  });

  it.each<[string, unknown, string]>([
    ['unset', undefined, 'default'],
    ["'default'", 'default', 'default'],
  ])(
    "allows Argo CD's default project (%s) only with allowDefaultProject",
    (_case, project, expected) => {
      const patch = (allow?: boolean) =>
        withPatch(c => {
          if (project === undefined)
            delete c.opsPortal.scaffolder.argocdProject;
          else c.opsPortal.scaffolder.argocdProject = project;
          if (allow !== undefined)
            c.opsPortal.scaffolder.allowDefaultProject = allow;
        });
      expect(() => readServiceManifestSettings(patch())).toThrow(
        'opsPortal.scaffolder.argocdProject must name a restricted AppProject',
      );
      expect(() => readServiceManifestSettings(patch(false))).toThrow(
        'must name a restricted AppProject',
      );
      expect(readServiceManifestSettings(patch(true)).argocdProject).toBe(
        expected,
      );
    },
  );

  it('has no OIDC settings without opsPortal.keycloak', () => {
    const settings = readServiceManifestSettings(
      withPatch(c => delete c.opsPortal.keycloak),
    );
    expect(settings.oidc).toBeUndefined();
  });

  it.each<[string, (c: any) => void, string]>([
    [
      'no scaffolder block',
      c => delete c.opsPortal.scaffolder,
      'opsPortal.scaffolder is required',
    ],
    [
      'no registries',
      c => delete c.opsPortal.scaffolder.allowedImageRegistries,
      'opsPortal.scaffolder.allowedImageRegistries is required',
    ],
    [
      'an empty registry list',
      c => (c.opsPortal.scaffolder.allowedImageRegistries = []),
      'opsPortal.scaffolder.allowedImageRegistries must list at least one',
    ],
    [
      'a blank registry',
      c =>
        (c.opsPortal.scaffolder.allowedImageRegistries = [
          'ghcr.io/acme/',
          ' ',
        ]),
      'opsPortal.scaffolder.allowedImageRegistries must list at least one',
    ],
    [
      'no gateway URL and no route host',
      c => delete c.opsPortal.scaffolder.gatewayUrl,
      'opsPortal.scaffolder.gatewayUrl is required when routeHost is not set',
    ],
    [
      'a relative gateway URL',
      c => (c.opsPortal.scaffolder.gatewayUrl = '/gateway'),
      'opsPortal.scaffolder.gatewayUrl must be an absolute URL',
    ],
    [
      'a gateway URL that is not http(s)',
      c => (c.opsPortal.scaffolder.gatewayUrl = 'ftp://gw'),
      'opsPortal.scaffolder.gatewayUrl must be an http(s) URL',
    ],
    [
      'a blank denied namespace',
      c => (c.opsPortal.scaffolder.deniedNamespaces = ['kube-system', ' ']),
      'opsPortal.scaffolder.deniedNamespaces must not contain an empty name',
    ],
    [
      'a blank Argo CD project',
      c => (c.opsPortal.scaffolder.argocdProject = ' '),
      'opsPortal.scaffolder.argocdProject must not be empty',
    ],
    [
      'no repoUrl',
      c => delete c.opsPortal.gitops.repoUrl,
      'opsPortal.gitops.repoUrl is required',
    ],
    [
      'no gitops block',
      c => delete c.opsPortal.gitops,
      'opsPortal.gitops.repoUrl is required',
    ],
    [
      'no realm',
      c => delete c.opsPortal.keycloak.realm,
      'opsPortal.keycloak.realm is required',
    ],
    [
      'no baseUrl',
      c => delete c.opsPortal.keycloak.baseUrl,
      'opsPortal.keycloak.baseUrl is required',
    ],
    [
      'an unknown delivery',
      c => (c.opsPortal.keycloak.secretDelivery = 'vault'),
      "opsPortal.keycloak.secretDelivery must be one of kubernetes, external-secret, got 'vault'",
    ],
    [
      'external-secret without a store',
      c => (c.opsPortal.keycloak.secretDelivery = 'external-secret'),
      "opsPortal.keycloak.externalSecretStore is required when secretDelivery is 'external-secret'",
    ],
    [
      'a fluentd block without port',
      c => (c.opsPortal.scaffolder.fluentd = { host: 'fluentd' }),
      'opsPortal.scaffolder.fluentd.port is required',
    ],
    [
      'a fluentd port out of range',
      c => (c.opsPortal.scaffolder.fluentd = { host: 'fluentd', port: 70000 }),
      'opsPortal.scaffolder.fluentd.port must be a port number, got 70000',
    ],
  ])('refuses %s', (_case, patch, message) => {
    expect(() => readServiceManifestSettings(withPatch(patch))).toThrow(
      message,
    );
  });
});
