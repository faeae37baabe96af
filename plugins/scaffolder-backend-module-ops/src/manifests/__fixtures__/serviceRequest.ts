import { ServiceRequest } from '@internal/plugin-ops-common';
import {
  DEFAULT_DENIED_NAMESPACES,
  ServiceManifestSettings,
} from '../settings';

/** A valid request with every optional field set; tests override what they vary. */
export function exampleRequest(
  overrides: Partial<ServiceRequest> = {},
): ServiceRequest {
  return {
    name: 'orders',
    description: 'Order intake API',
    owner: 'group:default/team-orders',
    system: 'system:default/shop',
    image: 'ghcr.io/acme/orders:1.0.0',
    port: 8080,
    namespace: 'orders',
    routePath: '/api/orders',
    rateLimitPerSecond: 50,
    auth: 'oidc',
    autoscaling: {
      minReplicas: 2,
      maxReplicas: 6,
      cpuTargetPercent: 70,
      memoryTargetPercent: 80,
    },
    logShipping: true,
    ...overrides,
  };
}

/** Settings as `readServiceManifestSettings` returns them for a typical config. */
export function exampleSettings(
  overrides: Partial<ServiceManifestSettings> = {},
): ServiceManifestSettings {
  return {
    allowedImageRegistries: ['ghcr.io/acme/', 'registry.ops.local/'],
    fluentd: { host: 'fluentd.logs.svc', port: 24224 },
    argocdProject: 'platform',
    deniedNamespaces: [...DEFAULT_DENIED_NAMESPACES],
    gatewayUrl: 'https://api.example.com',
    gitops: {
      repoUrl: 'https://git.example.com/platform/gitops.git',
      branch: 'main',
    },
    oidc: {
      issuerUrl: 'http://keycloak.iam/realms/platform',
      secretDelivery: 'kubernetes',
    },
    ...overrides,
  };
}
