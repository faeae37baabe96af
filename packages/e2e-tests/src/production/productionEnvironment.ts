import type { TestSandbox } from '@internal/sandbox/testing';
import { attackEnvironment } from '../attack/attackStack';

/** What the production backend is pointed at in the test. */
export interface ProductionUpstreams {
  baseUrl: string;
  port: number;
  postgres: { host: string; port: string; user: string; password: string };
  redisUrl: string;
  sandbox: Pick<TestSandbox, 'urls' | 'credentials'>;
  catalog: { url: string; host: string };
  /** A loopback URL nothing answers on: this test reads no metrics. */
  unusedUrl: string;
  /** The catalog user the test signs in as. */
  userEntityRef: string;
}

/**
 * The backend's whole configuration, as environment variables only: the variables
 * app-config.production.yaml reads (the attack suite's list, so a new variable fails both until it
 * has a local-platform value), pointed at this run's PostgreSQL, Redis, catalog host and sandbox,
 * plus `APP_CONFIG_*` variables (Backstage's config-from-environment) for what production cannot
 * have here:
 * - the listen port (production listens on 7007, which the e2e stack owns);
 * - the cluster's TLS: the sandbox's Kubernetes API is plain HTTP, which the Kubernetes backend
 *   accepts only with skipTLSVerify (name, URL and read-only token stay the production variables);
 * - sign-in: the sandbox's Keycloak stand-in has no authorization endpoint for the OIDC login, so
 *   the guest provider is allowed outside development and signs in as a catalog user.
 */
export function productionTestEnvironment(
  up: ProductionUpstreams,
): Record<string, string> {
  const production: Record<string, string> = {
    ...attackEnvironment(),
    PORTAL_BASE_URL: up.baseUrl,
    POSTGRES_HOST: up.postgres.host,
    POSTGRES_PORT: up.postgres.port,
    POSTGRES_USER: up.postgres.user,
    POSTGRES_PASSWORD: up.postgres.password,
    REDIS_URL: up.redisUrl,
    KEYCLOAK_BASE_URL: up.sandbox.urls.keycloak,
    K8S_API_URL: up.sandbox.urls.kubernetes,
    K8S_SERVICE_ACCOUNT_TOKEN: up.sandbox.credentials.kubernetes.readerToken,
    K8S_WRITER_TOKEN: up.sandbox.credentials.kubernetes.writerToken,
    ARGOCD_URL: up.sandbox.urls.argocd,
    ARGOCD_TOKEN: up.sandbox.credentials.argocd.readerToken,
    ARGOCD_WRITER_TOKEN: up.sandbox.credentials.argocd.writerToken,
    SCAFFOLDER_KEYCLOAK_CLIENT_ID: up.sandbox.credentials.keycloak.clientId,
    SCAFFOLDER_KEYCLOAK_CLIENT_SECRET:
      up.sandbox.credentials.keycloak.clientSecret,
    CATALOG_REPO_URL: up.catalog.url,
    CATALOG_REPO_HOST: up.catalog.host,
    GITOPS_REPO_URL: up.sandbox.urls.gitopsRepository,
    GITOPS_FILE_URL_TEMPLATE: `${up.sandbox.urls.git}/gitops/raw/{branch}/{path}`,
    KONG_ADMIN_URL: up.unusedUrl,
    PROMETHEUS_URL: up.unusedUrl,
    ELASTICSEARCH_URL: up.sandbox.urls.elasticsearch,
  };
  return {
    ...production,
    NODE_ENV: 'production',
    APP_CONFIG_backend_listen_port: String(up.port),
    APP_CONFIG_kubernetes_clusterLocatorMethods: JSON.stringify([
      {
        type: 'config',
        clusters: [
          {
            name: production.K8S_CLUSTER_NAME,
            url: production.K8S_API_URL,
            authProvider: 'serviceAccount',
            serviceAccountToken: production.K8S_SERVICE_ACCOUNT_TOKEN,
            skipTLSVerify: true,
            skipMetricsLookup: true,
          },
        ],
      },
    ]),
    APP_CONFIG_auth_providers_guest: JSON.stringify({
      dangerouslyAllowOutsideDevelopment: true,
      userEntityRef: up.userEntityRef,
    }),
  };
}
