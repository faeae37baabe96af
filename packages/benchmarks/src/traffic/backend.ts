import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { JsonObject } from '@backstage/types';
import { startLoopbackBackend } from '@internal/backend-test-kit';
import type {
  TrafficPolicy,
  TrafficSaveResponse,
  TrafficState,
} from '@internal/plugin-traffic-common';
import { benchEntities } from './trafficBenchEnvironment';

/** The traffic plugin in a loopback backend, and its two calls. */
export interface TrafficBackend {
  /** `GET /api/traffic/state`: the state reader. */
  state(entityRef: string): Promise<TrafficState>;
  /** `PUT /api/traffic/policy`: the editor's save. */
  save(
    entityRef: string,
    policy: TrafficPolicy,
    baseVersion: string,
  ): Promise<TrafficSaveResponse>;
  stop(): Promise<void>;
}

/**
 * Starts `@internal/plugin-traffic-backend` (its public plugin export, production service
 * implementations) on 127.0.0.1 with benchmark stand-ins, not production config: mock auth (the
 * caller is `user:default/mock`), a permissions service that allows everything, the mock auditor
 * (events are dropped) and a mock catalog holding the benchmark's two entities.
 */
export async function startTrafficBackend(
  config: JsonObject,
): Promise<TrafficBackend> {
  const { backend, baseUrl } = await startLoopbackBackend({
    config,
    features: [
      mockServices.auth.factory(),
      mockServices.httpAuth.factory(),
      mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
      mockServices.auditor.factory(),
      catalogServiceMock.factory({ entities: benchEntities }),
      import('@internal/plugin-traffic-backend'),
    ],
  });
  const api = `${baseUrl}/api/traffic`;
  const authorization = mockCredentials.user.header();
  const call = async <T>(path: string, init: RequestInit = {}): Promise<T> => {
    const response = await fetch(`${api}${path}`, {
      ...init,
      headers: {
        authorization,
        'content-type': 'application/json',
        ...init.headers,
      },
    });
    const text = await response.text();
    if (!response.ok) {
      throw new Error(
        `${init.method ?? 'GET'} /api/traffic${path}: ${
          response.status
        } ${text}`,
      );
    }
    return JSON.parse(text) as T;
  };
  return {
    async state(entityRef) {
      const state = await call<TrafficState | { notConfigured: unknown }>(
        `/state?entityRef=${encodeURIComponent(entityRef)}`,
      );
      if ('notConfigured' in state) {
        throw new Error(
          `${entityRef} is not configured: ${JSON.stringify(state)}`,
        );
      }
      return state;
    },
    save(entityRef, policy, baseVersion) {
      return call<TrafficSaveResponse>('/policy', {
        method: 'PUT',
        body: JSON.stringify({ entityRef, policy, baseVersion }),
      });
    },
    stop: () => backend.stop(),
  };
}
