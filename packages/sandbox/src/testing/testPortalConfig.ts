import { SANDBOX_INSTANCE_NAME } from '../config';
import { SandboxUrls } from '../Sandbox';

/** The credentials a test sandbox accepts, as the portal presents them. */
export interface TestSandboxCredentials {
  kubernetes: {
    /** Get/list/watch on every kind but Secrets (the `kubernetes` block's token). */
    readerToken: string;
    /** Full access (`opsPortal.kubernetes.writers`). */
    writerToken: string;
  };
  argocd: {
    /** GET only (the `argocd` block's token). */
    readerToken: string;
    /** Full access (`opsPortal.argocd.writers`). */
    writerToken: string;
  };
  keycloak: {
    /** Client-credentials client with admin rights on every realm. */
    clientId: string;
    clientSecret: string;
    /** The realm the portal creates service clients in. */
    realm: string;
  };
  /** The key the Elasticsearch stand-in requires; undefined when it accepts anyone. */
  elasticsearchApiKey?: string;
}

/**
 * The portal's config for a running sandbox: every key of app-config.yaml that names the local
 * platform, pointing at the bound URLs with the sandbox's credentials. A plain JSON object
 * (assignable to Backstage's `JsonObject`), to be spread under a test's own keys.
 */
export type TestSandboxPortalConfig = {
  backend: { reading: { allow: Array<{ host: string }> } };
  kubernetes: {
    serviceLocatorMethod: { type: 'multiTenant' };
    clusterLocatorMethods: Array<{
      type: 'config';
      clusters: Array<{
        name: string;
        url: string;
        authProvider: 'serviceAccount';
        serviceAccountToken: string;
        skipTLSVerify: boolean;
        skipMetricsLookup: boolean;
      }>;
    }>;
  };
  argocd: {
    appLocatorMethods: Array<{
      type: 'config';
      instances: Array<{ name: string; url: string; token: string }>;
    }>;
  };
  opsPortal: {
    kubernetes: {
      writers: Array<{ cluster: string; serviceAccountToken: string }>;
    };
    argocd: { writers: Array<{ instance: string; token: string }> };
    gitops: {
      repoUrl: string;
      branch: string;
      publishMode: 'commit';
      fileUrlTemplate: string;
      author: { name: string; email: string };
    };
    keycloak: {
      baseUrl: string;
      realm: string;
      adminRealm: string;
      clientId: string;
      clientSecret: string;
    };
    logs: {
      elasticsearch: { url: string; index: string; apiKey?: string };
    };
    kong: { source: 'kubernetes'; cluster: string };
    traffic: { cluster: string; argocdInstance: string };
    scaffolder: { cluster: string; argocdInstance: string };
  };
};

/** The app-config fragment that points the portal at a sandbox listening on `urls`. */
export function testPortalConfig(
  urls: SandboxUrls,
  credentials: TestSandboxCredentials,
  repository: string,
): TestSandboxPortalConfig {
  const name = SANDBOX_INSTANCE_NAME;
  const { elasticsearchApiKey } = credentials;
  return {
    backend: { reading: { allow: [{ host: new URL(urls.git).host }] } },
    kubernetes: {
      serviceLocatorMethod: { type: 'multiTenant' },
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: [
            {
              name,
              url: urls.kubernetes,
              authProvider: 'serviceAccount',
              serviceAccountToken: credentials.kubernetes.readerToken,
              skipTLSVerify: true,
              skipMetricsLookup: true,
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
            { name, url: urls.argocd, token: credentials.argocd.readerToken },
          ],
        },
      ],
    },
    opsPortal: {
      kubernetes: {
        writers: [
          {
            cluster: name,
            serviceAccountToken: credentials.kubernetes.writerToken,
          },
        ],
      },
      argocd: {
        writers: [{ instance: name, token: credentials.argocd.writerToken }],
      },
      gitops: {
        repoUrl: urls.gitopsRepository,
        branch: 'main',
        publishMode: 'commit',
        fileUrlTemplate: `${urls.git}/${repository}/raw/{branch}/{path}`,
        author: { name: 'Ops Portal', email: 'ops-portal@example.com' },
      },
      keycloak: {
        baseUrl: urls.keycloak,
        realm: credentials.keycloak.realm,
        adminRealm: 'master',
        clientId: credentials.keycloak.clientId,
        clientSecret: credentials.keycloak.clientSecret,
      },
      logs: {
        elasticsearch: {
          url: urls.elasticsearch,
          index: 'logs-*',
          ...(elasticsearchApiKey ? { apiKey: elasticsearchApiKey } : {}),
        },
      },
      kong: { source: 'kubernetes', cluster: name },
      traffic: { cluster: name, argocdInstance: name },
      scaffolder: { cluster: name, argocdInstance: name },
    },
  };
}
