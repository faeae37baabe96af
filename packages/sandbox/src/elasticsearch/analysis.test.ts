import { containsPhrase, standardTokens } from './analysis';

describe('standardTokens', () => {
  it('splits as the standard analyzer does (checked with _analyze on Elasticsearch 8.19)', () => {
    expect(
      standardTokens(
        'registry.ops.local/driver:1.0.0 sandbox-node-1 driver-5f7c9d8b6-k2x4p Failed to connect to Redis at redis:6379 a_b 10.0.0.1 http://localhost:8000/api/x',
      ),
    ).toEqual([
      'registry.ops.local',
      'driver',
      '1.0.0',
      'sandbox',
      'node',
      '1',
      'driver',
      '5f7c9d8b6',
      'k2x4p',
      'failed',
      'to',
      'connect',
      'to',
      'redis',
      'at',
      'redis',
      '6379',
      'a_b',
      '10.0.0.1',
      'http',
      'localhost',
      '8000',
      'api',
      'x',
    ]);
  });
});

describe('containsPhrase', () => {
  it('needs consecutive tokens', () => {
    const tokens = standardTokens('failed request 6 in giropops-senhas');
    expect(containsPhrase(tokens, ['request', '6'])).toBe(true);
    expect(containsPhrase(tokens, ['request', 'in'])).toBe(false);
    expect(containsPhrase(tokens, [])).toBe(false);
  });
});
