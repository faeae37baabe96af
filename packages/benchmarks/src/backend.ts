import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { startLoopbackBackend } from '@internal/backend-test-kit';

/** The service whose Ops tab is loaded (`component:default/driver`): Kubernetes id `driver` in namespace `driver`. */
export const driverComponent: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'driver',
    namespace: 'default',
    annotations: {
      'backstage.io/kubernetes-id': 'driver',
      'backstage.io/kubernetes-namespace': 'driver',
    },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
};

export interface OpsBackend {
  backend: Awaited<ReturnType<typeof startLoopbackBackend>>['backend'];
  baseUrl: string;
  /** The signed-in user's `Authorization` header (mock auth). */
  authorization: string;
}

/** Where the Kong card reads: the Kong Ingress Controller resources (default) or the Admin API. */
export type BenchKongSource = 'kubernetes' | 'admin-api';

/** The Kong card's config block for `source`; the cluster is the Kubernetes API stand-in. */
function kongConfig(options: {
  kongSource: BenchKongSource;
  kongAdminUrl: string;
  kongCacheTtlSeconds: number;
}) {
  const { kongSource, kongAdminUrl, kongCacheTtlSeconds } = options;
  return kongSource === 'admin-api'
    ? {
        source: kongSource,
        cacheTtlSeconds: kongCacheTtlSeconds,
        adminApi: { url: kongAdminUrl, timeoutMs: 5000 },
      }
    : {
        source: kongSource,
        cacheTtlSeconds: kongCacheTtlSeconds,
        cluster: 'bench',
      };
}

/**
 * The three backend plugins of the Ops tab in one backend on 127.0.0.1 (production service
 * implementations, mock auth, mock catalog with the `driver` component), their upstreams at the
 * given URLs. `cacheTtlSeconds: 0` turns the metrics query cache off, `kongCacheTtlSeconds: 0`
 * the cache of the Kong source's whole read.
 */
export async function startOpsBackend(options: {
  prometheusUrl: string;
  kongAdminUrl: string;
  kubeApiUrl: string;
  elasticsearchUrl: string;
  cacheTtlSeconds: number;
  kongSource: BenchKongSource;
  kongCacheTtlSeconds: number;
}): Promise<OpsBackend> {
  const { backend, baseUrl } = await startLoopbackBackend({
    config: {
      kubernetes: {
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: [
              {
                name: 'bench',
                url: options.kubeApiUrl,
                authProvider: 'serviceAccount',
                serviceAccountToken: 'bench-reader',
                skipTLSVerify: true,
              },
            ],
          },
        ],
      },
      opsPortal: {
        metrics: {
          prometheus: [
            { name: 'main', url: options.prometheusUrl, timeoutMs: 5000 },
          ],
          cacheTtlSeconds: options.cacheTtlSeconds,
        },
        kong: kongConfig(options),
        logs: {
          elasticsearch: {
            url: options.elasticsearchUrl,
            index: 'logs-*',
            timeoutMs: 5000,
          },
        },
      },
    },
    features: [
      mockServices.auth.factory(),
      mockServices.httpAuth.factory(),
      catalogServiceMock.factory({ entities: [driverComponent] }),
      import('@internal/plugin-metrics-backend'),
      import('@internal/plugin-kong-backend'),
      import('@internal/plugin-logs-backend'),
    ],
  });
  return { backend, baseUrl, authorization: mockCredentials.user.header() };
}
