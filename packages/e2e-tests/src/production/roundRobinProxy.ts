import {
  createServer,
  IncomingMessage,
  request as httpRequest,
  Server,
  ServerResponse,
} from 'node:http';

/** A backend behind the proxy. */
export interface ProxyBackend {
  name: string;
  /** http://127.0.0.1:<port> */
  url: string;
}

const READINESS_PATH = '/.backstage/health/v1/readiness';

/**
 * A round-robin HTTP load balancer on 127.0.0.1, as a Kubernetes Service in front of the
 * portal's pods: it polls each backend's readiness endpoint (every `readinessIntervalMs`, like a
 * readiness probe) and routes each request to the next backend whose last answer was 200.
 * Responses are streamed (an event stream reaches the client event by event). It never retries:
 * a request that fails on its backend is answered 502 and recorded in `failures`, so a test can
 * demand none are lost. No ready backend: 503, also a failure.
 */
export class RoundRobinProxy {
  /** Requests answered by each backend (by name). */
  readonly served: Record<string, number> = {};
  /** Requests the proxy could not deliver, with the cause. */
  readonly failures: string[] = [];
  private readonly ready = new Map<string, boolean>();
  private next = 0;
  private poller: NodeJS.Timeout | undefined;

  private constructor(
    private readonly server: Server,
    private readonly backends: ProxyBackend[],
    readonly url: string,
    private readonly readinessIntervalMs: number,
  ) {
    for (const { name } of backends) {
      this.served[name] = 0;
      this.ready.set(name, false);
    }
  }

  static async start(
    backends: ProxyBackend[],
    options: { port?: number; readinessIntervalMs?: number } = {},
  ): Promise<RoundRobinProxy> {
    const box: { proxy?: RoundRobinProxy } = {};
    const server = createServer((req, res) => box.proxy!.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    if (!address || typeof address !== 'object') throw new Error('no address');
    const proxy = new RoundRobinProxy(
      server,
      backends,
      `http://127.0.0.1:${address.port}`,
      options.readinessIntervalMs ?? 100,
    );
    box.proxy = proxy;
    proxy.pollReadiness();
    return proxy;
  }

  /** Whether `name` answered its last readiness poll with 200. */
  isReady(name: string): boolean {
    return this.ready.get(name) ?? false;
  }

  async close(): Promise<void> {
    clearTimeout(this.poller);
    this.poller = undefined;
    this.server.closeAllConnections();
    await new Promise<void>(resolve => this.server.close(() => resolve()));
  }

  private pollReadiness() {
    const round = async () => {
      await Promise.all(
        this.backends.map(async ({ name, url }) => {
          const status = await fetch(`${url}${READINESS_PATH}`, {
            signal: AbortSignal.timeout(2000),
          }).then(
            res => res.status,
            () => 0,
          );
          this.ready.set(name, status === 200);
        }),
      );
      if (this.server.listening) {
        this.poller = setTimeout(round, this.readinessIntervalMs);
      }
    };
    void round();
  }

  private pick(): ProxyBackend | undefined {
    for (let i = 0; i < this.backends.length; i++) {
      const backend = this.backends[(this.next + i) % this.backends.length];
      if (this.ready.get(backend.name)) {
        this.next = (this.next + i + 1) % this.backends.length;
        return backend;
      }
    }
    return undefined;
  }

  private handle(req: IncomingMessage, res: ServerResponse) {
    const backend = this.pick();
    const what = `${req.method} ${req.url}`;
    if (!backend) {
      this.failures.push(`${what}: no ready backend`);
      res.writeHead(503).end('no ready backend');
      return;
    }
    const target = new URL(backend.url);
    let clientGone = false;
    // A fresh connection per request (no keep-alive pool): a pooled socket the backend closes
    // while idle could meet a new request, which this proxy would then lose.
    const upstream = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: {
          ...req.headers,
          host: req.headers.host ?? target.host,
          connection: 'close',
        },
        agent: false,
      },
      upstreamRes => {
        this.served[backend.name]++;
        res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
        // Event streams: send each chunk as it arrives.
        res.flushHeaders();
        upstreamRes.pipe(res);
        upstreamRes.on('error', error => {
          if (!clientGone)
            this.failures.push(`${what} via ${backend.name}: ${error.message}`);
          res.destroy();
        });
      },
    );
    upstream.on('error', error => {
      if (clientGone) return;
      this.failures.push(`${what} via ${backend.name}: ${error.message}`);
      if (!res.headersSent) res.writeHead(502);
      res.end(`proxy: ${error.message}`);
    });
    // The client went away (e.g. closed an event stream): end the upstream request too.
    res.on('close', () => {
      if (res.writableFinished) return;
      clientGone = true;
      upstream.destroy();
    });
    req.pipe(upstream);
  }
}
