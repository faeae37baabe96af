import { KeyedMutex } from './KeyedMutex';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>(r => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('KeyedMutex', () => {
  it('runs tasks of one key one after the other, even when one fails', async () => {
    const mutex = new KeyedMutex();
    const log: string[] = [];
    const gate = deferred();
    const first = mutex.run('a', async () => {
      log.push('first start');
      await gate.promise;
      log.push('first end');
      throw new Error('boom');
    });
    const second = mutex.run('a', async () => {
      log.push('second');
      return 2;
    });
    const other = mutex.run('b', async () => {
      log.push('other key');
      return 3;
    });
    await expect(other).resolves.toBe(3);
    expect(log).toEqual(['first start', 'other key']);
    gate.resolve();
    await expect(first).rejects.toThrow('boom');
    await expect(second).resolves.toBe(2);
    expect(log).toEqual(['first start', 'other key', 'first end', 'second']);
  });
});
