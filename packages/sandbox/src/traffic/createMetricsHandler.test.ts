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

  const EXPOSITION = 'text/plain; version=0.0.4; charset=utf-8';

  it.each([
    ['GET', '/metrics', 200, EXPOSITION, 'up 1\n'],
    ['GET', '/metrics?x=1', 200, EXPOSITION, 'up 1\n'],
    ['HEAD', '/metrics', 200, EXPOSITION, ''],
    ['POST', '/metrics', 405, undefined, ''],
    [
      'GET',
      '/',
      404,
      'text/plain; charset=utf-8',
      'Not found: the sandbox serves metrics on /metrics\n',
    ],
  ])('%s %s → %p', async (method, path, status, contentType, body) => {
    const response = await (request(server) as any)[method.toLowerCase()](path);
    expect(response.status).toBe(status);
    expect(response.headers['content-type']).toBe(contentType);
    expect(response.text ?? '').toBe(body);
  });

  it('ticks before each scrape', async () => {
    const before = ticks.length;
    await request(server).get('/metrics');
    expect(ticks.length).toBe(before + 1);
  });
});
