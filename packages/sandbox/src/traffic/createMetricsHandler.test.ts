import request from 'supertest';
import http from 'node:http';
import { createMetricsHandler } from './createMetricsHandler';

describe('createMetricsHandler', () => {
  const ticks: number[] = [];
  const server = http.createServer(
    createMetricsHandler({
      tick: () => ticks.push(1),
      metricsText: () => 'up 1\n',
    }),
  );

  it.each([
    ['GET', '/metrics', 200, 'up 1\n'],
    ['GET', '/metrics?x=1', 200, 'up 1\n'],
    ['HEAD', '/metrics', 200, undefined],
    ['POST', '/metrics', 405, ''],
    ['GET', '/', 404, 'Not found: the sandbox serves metrics on /metrics\n'],
  ])('%s %s → %p', async (method, path, status, body) => {
    const response = await (request(server) as any)[method.toLowerCase()](path);
    expect(response.status).toBe(status);
    if (status === 200) {
      expect(response.headers['content-type']).toBe(
        'text/plain; version=0.0.4; charset=utf-8',
      );
    }
    if (body !== undefined) expect(response.text ?? '').toBe(body);
  });

  it('ticks before each scrape', async () => {
    const before = ticks.length;
    await request(server).get('/metrics');
    expect(ticks.length).toBe(before + 1);
  });
});
