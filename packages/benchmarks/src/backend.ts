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

/**
 * The three backend plugins of the Ops tab in one backend on 127.0.0.1 (production service
 * implementations, mock auth, mock catalog with the `driver` component), their upstreams at the
 * given URLs. `cacheTtlSeconds: 0` turns the metrics query cache off.
 */
export async function startOpsBackend(options: {
  prometheusUrl: string;
  kongAdminUrl: string;
  elasticsearchUrl: string;
  cacheTtlSeconds: number;
}): Promise<OpsBackend> {
  const { backend, baseUrl } = await startLoopbackBackend({
    config: {
      opsPortal: {
        metrics: {
          prometheus: [
            { name: 'main', url: options.prometheusUrl, timeoutMs: 5000 },
          ],
          cacheTtlSeconds: options.cacheTtlSeconds,
        },
        kong: {
          source: 'admin-api',
          adminApi: { url: options.kongAdminUrl, timeoutMs: 5000 },
        },
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
