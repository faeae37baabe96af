import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { OpsEntityCache } from './OpsEntityCache';
import { resolveOpsEntity } from './resolveOpsEntity';

const driver: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'driver', namespace: 'default' },
  spec: {},
};

describe('resolveOpsEntity', () => {
  const credentials = mockCredentials.user('user:default/jane');

  it.each(['', 'component:', 'default/', 'component:default/'])(
    'refuses the malformed ref %j with an InputError and asks the catalog nothing',
    async entityRef => {
      const catalog = catalogServiceMock.mock();
      await expect(
        resolveOpsEntity({ catalog, credentials, entityRef }),
      ).rejects.toThrow(InputError);
      expect(catalog.getEntityByRef).not.toHaveBeenCalled();
    },
  );

  it('answers NotFoundError naming the entity the caller cannot read', async () => {
    const catalog = catalogServiceMock({ entities: [] });
    const promise = resolveOpsEntity({
      catalog,
      credentials,
      entityRef: 'driver',
    });
    await expect(promise).rejects.toThrow(NotFoundError);
    await expect(promise).rejects.toThrow(
      'entity component:default/driver not found',
    );
  });

  it('reads the entity once, as the caller, with the kind defaulting to component', async () => {
    const catalog = catalogServiceMock.mock({
      getEntityByRef: jest.fn(async () => driver),
    });
    const resolved = await resolveOpsEntity({
      catalog,
      credentials,
      entityRef: 'default/driver',
    });
    expect(resolved).toEqual({
      ref: { kind: 'component', namespace: 'default', name: 'driver' },
      entityRef: 'component:default/driver',
      entity: driver,
    });
    expect(catalog.getEntityByRef).toHaveBeenCalledTimes(1);
    expect(catalog.getEntityByRef).toHaveBeenCalledWith(
      'component:default/driver',
      { credentials },
    );
  });
});

describe('resolveOpsEntity with the shared entity cache', () => {
  it('reads the entity once for several lookups by the same caller', async () => {
    const cache = new OpsEntityCache({ ttlMs: 5000 });
    const catalog = catalogServiceMock.mock({
      getEntityByRef: jest.fn(async () => driver),
    });
    const credentials = mockCredentials.user('user:default/jane');
    const lookups = await Promise.all(
      ['driver', 'component:default/driver', 'default/driver'].map(entityRef =>
        resolveOpsEntity({ catalog, credentials, entityRef, cache }),
      ),
    );
    expect(lookups.map(l => l.entityRef)).toEqual(
      Array(3).fill('component:default/driver'),
    );
    expect(catalog.getEntityByRef).toHaveBeenCalledTimes(1);
  });
});
