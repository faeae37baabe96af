import http from 'node:http';
import { EXPOSITION_CONTENT_TYPE } from './exposition';

/**
 * The metrics listener's request handler: `GET /metrics` (and `HEAD`) answers the exposition
 * text, anything else 404 or 405. Each scrape ticks first, so a scrape sees every request up to
 * its own time.
 */
export function createMetricsHandler(simulator: {
  tick(): void;
  metricsText(): string;
}): http.RequestListener {
  return (req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path !== '/metrics') {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Not found: the sandbox serves metrics on /metrics\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' });
      res.end();
      return;
    }
    simulator.tick();
    const body = simulator.metricsText();
    res.writeHead(200, {
      'Content-Type': EXPOSITION_CONTENT_TYPE,
      'Content-Length': Buffer.byteLength(body),
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
}
