import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ServiceFactory } from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { metricsPlugin } from '../plugin';
import { component, PROM_URL } from './fakePrometheus';

/** Starts the metrics plugin with a mock catalog and the given `opsPortal.metrics` config. */
export async function startMetricsBackend(
  options: {
    entities?: Entity[];
    prometheus?: JsonObject[];
    cacheTtlSeconds?: number;
    /** `opsPortal.metrics.canary`. */
    canary?: JsonObject;
    /** A catalog to use instead of the in-memory one holding `entities`. */
    catalog?: ServiceFactory;
    /** `opsPortal.gitops.commitUrlTemplate`. */
    commitUrlTemplate?: string;
    /** More service factories (e.g. a discovery whose URLs msw answers). */
    services?: ServiceFactory[];
  } = {},
) {
  const {
    entities = [component('driver')],
    prometheus = [{ name: 'main', url: PROM_URL, timeoutMs: 200 }],
    cacheTtlSeconds,
    canary,
    catalog = catalogServiceMock.factory({ entities }),
    commitUrlTemplate,
    services = [],
  } = options;
  const { server } = await startTestBackend({
    features: [
      metricsPlugin,
      catalog,
      ...services,
      mockServices.rootConfig.factory({
        data: {
          opsPortal: {
            metrics: { prometheus, cacheTtlSeconds, canary },
            ...(commitUrlTemplate ? { gitops: { commitUrlTemplate } } : {}),
          },
        },
      }),
    ],
  });
  return server;
}
