import {
  mockServices,
  ServiceFactoryTester,
} from '@backstage/backend-test-utils';
import { ReadThroughCache } from '@internal/plugin-ops-node';
import { PrometheusClient } from './PrometheusClient';
import { PrometheusInstance } from './PrometheusInstances';
import { RangeQueryRunner } from './RangeQueryRunner';

const main: PrometheusInstance = {
  name: 'main',
  url: 'http://prometheus.test',
  publicUrl: 'http://prometheus.test',
  timeoutMs: 1000,
};
const window = { start: 1_000, end: 1_900, stepSeconds: 15 };
const series = [{ metric: { route: 'driver' }, values: [[1_000, '1']] }];

function fakeClient() {
  return {
    queryRange: jest.fn(async () => series),
    queryInstant: jest.fn(async () => series),
  };
}

/** Two replicas: each its own runner and in-flight map, one CacheService between them. */
async function replicas(ttlSeconds: number) {
  const cache = await ServiceFactoryTester.from(
    mockServices.cache.factory(),
  ).getSubject('metrics');
  const client = fakeClient();
  const runner = () =>
    new RangeQueryRunner({
      reads: new ReadThroughCache({ cache, ttlSeconds }),
      clientFor: () => client as unknown as PrometheusClient,
    });
  return { a: runner(), b: runner(), client };
}

describe('RangeQueryRunner', () => {
  it('answers replica B from the result replica A read, within the TTL', async () => {
    const { a, b, client } = await replicas(15);
    expect(await a.run(main, 'up', window)).toEqual(series);
    expect(await b.run(main, 'up', window)).toEqual(series);
    expect(client.queryRange).toHaveBeenCalledTimes(1);
  });

  it.each([
    ['another query', 'down', window],
    ['another window', 'up', { ...window, start: 1_015, end: 1_915 }],
    ['another step', 'up', { ...window, stepSeconds: 30 }],
  ])('queries %s on its own', async (_, query, other) => {
    const { a, client } = await replicas(15);
    await a.run(main, 'up', window);
    await a.run(main, query, other);
    expect(client.queryRange).toHaveBeenCalledTimes(2);
  });

  it('caches instant queries by time', async () => {
    const { a, b, client } = await replicas(15);
    await a.runInstant(main, 'up', 1_900);
    await b.runInstant(main, 'up', 1_900);
    await b.runInstant(main, 'up', 1_915);
    expect(client.queryInstant).toHaveBeenCalledTimes(2);
  });

  it('shares an identical query in flight and queries every time with TTL 0', async () => {
    const { a, client } = await replicas(0);
    await Promise.all([a.run(main, 'up', window), a.run(main, 'up', window)]);
    expect(client.queryRange).toHaveBeenCalledTimes(1);
    await a.run(main, 'up', window);
    expect(client.queryRange).toHaveBeenCalledTimes(2);
  });
});
