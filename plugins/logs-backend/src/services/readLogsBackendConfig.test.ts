import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import { DEFAULT_LOG_FIELDS } from '@internal/plugin-logs-common';
import { readLogsBackendConfig } from './readLogsBackendConfig';

function read(elasticsearch?: JsonObject) {
  return readLogsBackendConfig(
    new ConfigReader({
      opsPortal: { logs: elasticsearch ? { elasticsearch } : {} },
    }),
  );
}

describe('readLogsBackendConfig', () => {
  it('disables the count without the elasticsearch block', () => {
    expect(read()).toEqual({ fields: DEFAULT_LOG_FIELDS });
  });

  it('applies the defaults', () => {
    expect(read({ url: 'http://127.0.0.1:7176/' }).elasticsearch).toEqual({
      url: 'http://127.0.0.1:7176',
      index: 'logs-*',
      timeoutMs: 5000,
      keywordSuffix: '',
      authorization: undefined,
    });
  });

  it.each<[JsonObject, RegExp]>([
    [{ url: 'ftp://es' }, /http\(s\)/],
    [{ url: 'http://es', timeoutMs: 0 }, /positive/],
    [{ url: 'http://es', index: 'logs/../_all' }, /index expression/],
    [
      { url: 'http://es', apiKey: 'k', username: 'u', password: 'p' },
      /either apiKey/,
    ],
    [{ url: 'http://es', username: 'u' }, /go together/],
  ])('rejects %o', (block, error) => {
    expect(() => read(block)).toThrow(error);
  });
});
