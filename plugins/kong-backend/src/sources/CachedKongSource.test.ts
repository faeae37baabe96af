import {
  mockServices,
  ServiceFactoryTester,
} from '@backstage/backend-test-utils';
import { ReadThroughCache } from '@internal/plugin-ops-node';
import { CachedKongSource } from './CachedKongSource';
import { KongSource, KongSourceResult, KongTarget } from './types';

const result: KongSourceResult = {
  routes: [],
  plugins: [],
  upstreams: [],
  warnings: ['from the source'],
};

function countingSource(): KongSource & { read: jest.Mock } {
  return { kind: 'kubernetes', read: jest.fn(async () => result) };
}

const driver: KongTarget = {
  kubernetesId: 'driver',
  namespace: 'driver',
  kongServices: [],
};

describe('CachedKongSource', () => {
  async function reads(ttlSeconds: number) {
    const cache = await ServiceFactoryTester.from(
      mockServices.cache.factory(),
    ).getSubject('kong');
    return new ReadThroughCache({ cache, ttlSeconds });
  }

  it('reads a target once within the TTL, for every instance on the same cache', async () => {
    const shared = await reads(15);
    const source = countingSource();
    const replicaA = new CachedKongSource(source, shared);
    const replicaB = new CachedKongSource(source, shared);
    expect(await replicaA.read(driver)).toEqual(result);
    expect(await replicaB.read(driver)).toEqual(result);
    expect(source.read).toHaveBeenCalledTimes(1);
    expect(replicaA.kind).toBe('kubernetes');
  });

  it.each([
    ['another namespace', { ...driver, namespace: 'other' }],
    ['another service', { ...driver, kubernetesId: 'orders' }],
    ['named Kong services', { ...driver, kongServices: ['driver-api'] }],
  ])('reads %s on its own', async (_, other) => {
    const source = countingSource();
    const cached = new CachedKongSource(source, await reads(15));
    await cached.read(driver);
    await cached.read(other);
    expect(source.read).toHaveBeenCalledTimes(2);
    expect(source.read).toHaveBeenLastCalledWith(other);
  });

  it('reads the source every time with a TTL of 0', async () => {
    const source = countingSource();
    const cached = new CachedKongSource(source, await reads(0));
    await cached.read(driver);
    await cached.read(driver);
    expect(source.read).toHaveBeenCalledTimes(2);
  });
});
