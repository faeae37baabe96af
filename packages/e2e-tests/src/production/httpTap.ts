import {
  createServer,
  IncomingMessage,
  request as httpRequest,
  Server,
  ServerResponse,
} from 'node:http';

/** One request that passed through a tap (or is held there). */
export interface TappedRequest {
  method: string;
  /** Path and query, as the client sent them. */
  path: string;
  /** The upstream's status; undefined while held or in flight. */
  status?: number;
}

/**
 * Decides, per request, whether the tap holds it until {@link HttpTap.release}; `earlier` are the
 * requests since {@link HttpTap.holdWhen} was called.
 */
export type HoldRule = (
  request: TappedRequest,
  earlier: readonly TappedRequest[],
) => boolean;

/**
 * A loopback HTTP forwarder in front of one upstream (Prometheus, Argo CD) that records every
 * request, and holds the ones a rule picks until the test releases them: a deterministic
 * "slow upstream" without sleeping. A held request whose client goes away is dropped.
 */
export class HttpTap {
  readonly requests: TappedRequest[] = [];
  private holdRule: HoldRule | undefined;
  private armedAt = 0;
  private readonly held = new Set<() => void>();

  private constructor(
    private readonly server: Server,
    private readonly target: URL,
    readonly url: string,
  ) {}

  static async start(target: string): Promise<HttpTap> {
    const box: { tap?: HttpTap } = {};
    const server = createServer((req, res) => box.tap!.handle(req, res));
    await new Promise<void>(resolve =>
      server.listen(0, '127.0.0.1', () => resolve()),
    );
    const address = server.address();
    if (!address || typeof address !== 'object') throw new Error('no address');
    box.tap = new HttpTap(
      server,
      new URL(target),
      `http://127.0.0.1:${address.port}`,
    );
    return box.tap;
  }

  /** Requests so far that match `predicate`. */
  count(predicate: (request: TappedRequest) => boolean): number {
    return this.requests.filter(predicate).length;
  }

  /** How many requests wait in the tap right now. */
  get heldCount(): number {
    return this.held.size;
  }

  /** From now on, holds the requests `rule` picks. */
  holdWhen(rule: HoldRule): void {
    this.holdRule = rule;
    this.armedAt = this.requests.length;
  }

  /** Stops holding and forwards every held request. */
  release(): void {
    this.holdRule = undefined;
    const waiting = [...this.held];
    this.held.clear();
    waiting.forEach(forward => forward());
  }

  close(): Promise<void> {
    this.release();
    this.server.closeAllConnections();
    return new Promise(resolve => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse) {
    const entry: TappedRequest = {
      method: req.method ?? 'GET',
      path: req.url ?? '/',
    };
    const earlier = this.requests.slice(this.armedAt);
    this.requests.push(entry);
    const forward = () => this.forward(req, res, entry);
    if (this.holdRule?.(entry, earlier)) {
      this.held.add(forward);
      req.socket.once('close', () => this.held.delete(forward));
      return;
    }
    forward();
  }

  private forward(
    req: IncomingMessage,
    res: ServerResponse,
    entry: TappedRequest,
  ) {
    if (req.socket.destroyed) return;
    const upstream = httpRequest(
      {
        host: this.target.hostname,
        port: this.target.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: this.target.host },
        agent: false,
      },
      upstreamRes => {
        entry.status = upstreamRes.statusCode;
        res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
        upstreamRes.pipe(res);
      },
    );
    upstream.on('error', error => {
      entry.status = 502;
      if (!res.headersSent) res.writeHead(502);
      res.end(`tap: ${error.message}`);
    });
    req.pipe(upstream);
  }
}
