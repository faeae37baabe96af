import {
  BackstageCredentials,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { opsEntityCacheServiceRef } from './opsEntityCacheServiceRef';
import { resolveOpsEntity } from './resolveOpsEntity';

const driver: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'driver', namespace: 'default' },
};

type Resolve = (
  entityRef: string,
  credentials: BackstageCredentials,
) => Promise<unknown>;

/** A plugin that resolves entities the way the ops backends do, through the injected cache. */
function resolvingPlugin(pluginId: string, resolvers: Resolve[]) {
  return createBackendPlugin({
    pluginId,
    register(env) {
      env.registerInit({
        deps: { catalog: catalogServiceRef, cache: opsEntityCacheServiceRef },
        async init({ catalog, cache }) {
          resolvers.push((entityRef, credentials) =>
            resolveOpsEntity({ catalog, credentials, entityRef, cache }),
          );
        },
      });
    },
  });
}

async function startTwoPlugins(opsPortal?: object) {
  const getEntityByRef = jest.fn(async () => driver);
  const resolvers: Resolve[] = [];
  const backend = await startTestBackend({
    features: [
      resolvingPlugin('metrics', resolvers),
      resolvingPlugin('kong', resolvers),
      catalogServiceMock.mock({ getEntityByRef }).factory,
      mockServices.rootConfig.factory({ data: opsPortal ? { opsPortal } : {} }),
    ],
  });
  return { backend, getEntityByRef, resolvers };
}

describe('opsEntityCacheServiceRef', () => {
  const jane = mockCredentials.user('user:default/jane');
  const joe = mockCredentials.user('user:default/joe');

  it('gives every plugin of the backend the same cache: one catalog read per caller and entity', async () => {
    const { backend, getEntityByRef, resolvers } = await startTwoPlugins();
    expect(resolvers).toHaveLength(2);
    await Promise.all(
      resolvers.map(resolve => resolve('component:default/driver', jane)),
    );
    await resolvers[0]('driver', jane);
    expect(getEntityByRef).toHaveBeenCalledTimes(1);
    await resolvers[1]('driver', joe);
    expect(getEntityByRef).toHaveBeenCalledTimes(2);
    await backend.stop();
  });

  it('with opsPortal.entityCache.ttlSeconds 0 shares only reads in flight', async () => {
    const { backend, getEntityByRef, resolvers } = await startTwoPlugins({
      entityCache: { ttlSeconds: 0 },
    });
    await Promise.all(resolvers.map(resolve => resolve('driver', jane)));
    expect(getEntityByRef).toHaveBeenCalledTimes(1);
    await resolvers[0]('driver', jane);
    expect(getEntityByRef).toHaveBeenCalledTimes(2);
    await backend.stop();
  });

  it('refuses a negative lifetime when the backend starts', async () => {
    await expect(
      startTwoPlugins({ entityCache: { ttlSeconds: -1 } }),
    ).rejects.toThrow(
      "Config 'opsPortal.entityCache.ttlSeconds' must be a number of seconds (0 or more), not -1",
    );
  });
});
