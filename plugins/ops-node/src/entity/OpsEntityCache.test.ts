import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { OpsEntityCache } from './OpsEntityCache';

const entity = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name },
});

describe('OpsEntityCache', () => {
  const jane = mockCredentials.user('user:default/jane');
  const joe = mockCredentials.user('user:default/joe');
  const ref = 'component:default/driver';
  let time = 0;
  const cache = (ttlMs = 5000, maxEntries?: number) =>
    new OpsEntityCache({ ttlMs, maxEntries, now: () => time });

  beforeEach(() => {
    time = 1_000;
  });

  it('shares one read between concurrent callers that are the same user', async () => {
    const subject = cache();
    const load = jest.fn(async () => entity('driver'));
    const results = await Promise.all([
      subject.read(jane, ref, load),
      subject.read(jane, ref, load),
      subject.read(jane, ref, load),
    ]);
    expect(load).toHaveBeenCalledTimes(1);
    expect(results.map(r => r?.metadata.name)).toEqual([
      'driver',
      'driver',
      'driver',
    ]);
  });

  it('serves a read until the TTL ends, then reads again', async () => {
    const subject = cache(5000);
    const load = jest.fn(async () => entity('driver'));
    await subject.read(jane, ref, load);
    time += 4999;
    await subject.read(jane, ref, load);
    expect(load).toHaveBeenCalledTimes(1);
    time += 1;
    await subject.read(jane, ref, load);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it.each([
    ['another user', mockCredentials.user('user:default/joe')],
    ['a service', mockCredentials.service('plugin:catalog')],
    ['nobody', mockCredentials.none()],
    [
      'the same user through a service',
      mockCredentials.user('user:default/jane', {
        actor: { subject: 'plugin:x' },
      } as any),
    ],
  ])('never serves one caller’s read to %s', async (_name, other) => {
    const subject = cache();
    await subject.read(jane, ref, async () => entity('for-jane'));
    const load = jest.fn(async () => undefined);
    expect(await subject.read(other, ref, load)).toBeUndefined();
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('keeps entities apart by ref', async () => {
    const subject = cache();
    await subject.read(jane, ref, async () => entity('driver'));
    const other = await subject.read(jane, 'component:default/b', async () =>
      entity('b'),
    );
    expect(other?.metadata.name).toBe('b');
  });

  it('does not keep a failed read', async () => {
    const subject = cache();
    await expect(
      subject.read(jane, ref, async () => {
        throw new Error('catalog down');
      }),
    ).rejects.toThrow('catalog down');
    const load = jest.fn(async () => entity('driver'));
    await subject.read(jane, ref, load);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('with TTL 0 shares only reads in flight', async () => {
    const subject = cache(0);
    const load = jest.fn(async () => entity('driver'));
    await Promise.all([
      subject.read(jane, ref, load),
      subject.read(jane, ref, load),
    ]);
    expect(load).toHaveBeenCalledTimes(1);
    await subject.read(jane, ref, load);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('drops the oldest entries beyond maxEntries', async () => {
    const subject = cache(5000, 2);
    const load = jest.fn(async () => entity('x'));
    await subject.read(jane, 'component:default/a', load);
    await subject.read(jane, 'component:default/b', load);
    await subject.read(joe, 'component:default/a', load);
    expect(load).toHaveBeenCalledTimes(3);
    await subject.read(joe, 'component:default/a', load);
    await subject.read(jane, 'component:default/b', load);
    expect(load).toHaveBeenCalledTimes(3);
    await subject.read(jane, 'component:default/a', load);
    expect(load).toHaveBeenCalledTimes(4);
  });
});
