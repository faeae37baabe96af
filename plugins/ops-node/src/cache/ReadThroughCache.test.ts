import { CacheService } from '@backstage/backend-plugin-api';
import {
  mockServices,
  ServiceFactoryTester,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  readCacheTtlSeconds,
  ReadThroughCache,
  readThroughCacheKey,
} from './ReadThroughCache';

/** Backstage's own CacheService (memory store), as a plugin gets it from coreServices.cache. */
async function memoryCache(pluginId = 'test'): Promise<CacheService> {
  return ServiceFactoryTester.from(mockServices.cache.factory()).getSubject(
    pluginId,
  );
}

function counter<T>(value: T) {
  const load = jest.fn(async () => value);
  return load;
}

describe('ReadThroughCache', () => {
  it('serves a second read from the cache within the TTL, including a falsy value', async () => {
    const cache = await memoryCache();
    const reads = new ReadThroughCache({ cache, ttlSeconds: 30 });
    const load = counter(0);
    expect(await reads.read('count', load)).toBe(0);
    expect(await reads.read('count', load)).toBe(0);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('shares the result between two instances on one cache (two replicas on one Redis)', async () => {
    const cache = await memoryCache();
    const a = new ReadThroughCache({ cache, ttlSeconds: 30 });
    const b = new ReadThroughCache({ cache, ttlSeconds: 30 });
    const load = counter({ routes: ['/api/driver'] });
    await a.read('k', load);
    expect(await b.read('k', load)).toEqual({ routes: ['/api/driver'] });
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('writes the value with the TTL in milliseconds', async () => {
    const cache = mockServices.cache.mock({
      get: async () => undefined,
      set: async () => undefined,
    });
    await new ReadThroughCache({ cache, ttlSeconds: 15 }).read(
      'k',
      async () => [1],
    );
    expect(cache.set).toHaveBeenCalledWith('k', [1], { ttl: 15_000 });
  });

  it('reads again after the TTL', async () => {
    jest.useFakeTimers({ now: 1_000_000 });
    try {
      const cache = await memoryCache();
      const reads = new ReadThroughCache({ cache, ttlSeconds: 1 });
      const load = counter('v');
      await reads.read('k', load);
      jest.setSystemTime(1_000_000 + 1500);
      await reads.read('k', load);
      expect(load).toHaveBeenCalledTimes(2);
    } finally {
      jest.useRealTimers();
    }
  });

  it('shares one upstream read between identical reads in flight', async () => {
    const cache = await memoryCache();
    const reads = new ReadThroughCache({ cache, ttlSeconds: 0 });
    let release: (v: string) => void = () => {};
    const load = jest.fn(
      () => new Promise<string>(resolve => (release = resolve)),
    );
    const first = reads.read('k', load);
    const second = reads.read('k', load);
    await new Promise(r => setImmediate(r));
    release('v');
    expect(await Promise.all([first, second])).toEqual(['v', 'v']);
    expect(load).toHaveBeenCalledTimes(1);
    // TTL 0: nothing is kept once the read is over.
    await reads.read('k', async () => 'w');
    expect(await reads.read('k', async () => 'x')).toBe('x');
  });

  it('does not cache failures', async () => {
    const cache = await memoryCache();
    const reads = new ReadThroughCache({ cache, ttlSeconds: 30 });
    await expect(
      reads.read('k', async () => {
        throw new Error('upstream down');
      }),
    ).rejects.toThrow('upstream down');
    expect(await reads.read('k', async () => 'ok')).toBe('ok');
  });

  it('reads the upstream when the cache fails', async () => {
    const cache = mockServices.cache.mock({
      get: async () => {
        throw new Error('redis gone');
      },
      set: async () => {
        throw new Error('redis gone');
      },
    });
    const reads = new ReadThroughCache({ cache, ttlSeconds: 30 });
    expect(await reads.read('k', async () => 'fresh')).toBe('fresh');
  });
});

describe('readThroughCacheKey', () => {
  it.each([
    [['routes', 'orders', 'driver'], undefined, 'routes:orders:driver'],
    [
      ['count'],
      'abc',
      'count:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    ],
  ])('%j + %s → %s', (parts, body, key) => {
    expect(readThroughCacheKey(parts, body)).toBe(key);
  });
});

describe('readCacheTtlSeconds', () => {
  const key = 'opsPortal.kong.cacheTtlSeconds';
  it.each([
    [{}, 15],
    [{ opsPortal: { kong: { cacheTtlSeconds: 0 } } }, 0],
    [{ opsPortal: { kong: { cacheTtlSeconds: 5 } } }, 5],
  ])('%j → %d', (data, seconds) => {
    expect(readCacheTtlSeconds(new ConfigReader(data), key, 15)).toBe(seconds);
  });

  it('refuses a negative lifetime', () => {
    expect(() =>
      readCacheTtlSeconds(
        new ConfigReader({ opsPortal: { kong: { cacheTtlSeconds: -1 } } }),
        key,
        15,
      ),
    ).toThrow("Config 'opsPortal.kong.cacheTtlSeconds' must be");
  });
});
