import { randomUUID } from 'node:crypto';
import { http, HttpResponse } from 'msw';

type App = Record<string, any> & {
  metadata: Record<string, any>;
  spec: Record<string, any>;
};

/** Argo CD's gRPC-gateway error body. */
function grpcError(status: number, code: number, message: string) {
  return HttpResponse.json({ error: message, code, message }, { status });
}

/**
 * The Application endpoints of Argo CD's REST API as msw handlers, answering in its wire format
 * (grpc-gateway `{error, code, message}` errors, 403 for a missing app unless a project is given).
 * Statuses a test queues with {@link FakeArgoCd.queueStatuses} are served one per GET after the
 * Application was POSTed, like the controller reconciling it.
 */
export class FakeArgoCd {
  readonly apps = new Map<string, App>();
  /** `METHOD path?query` of every request. */
  readonly requests: string[] = [];
  /** Authorization headers received. */
  readonly authorizations: string[] = [];
  /** Bodies of POST /api/v1/applications. */
  readonly posted: App[] = [];
  private readonly queued = new Map<string, Array<Record<string, any>>>();
  /** When set, POST answers with this error. */
  failPost?: { status: number; code: number; message: string };

  constructor(readonly url: string, readonly token: string) {}

  /** Stores an existing Application. */
  seed(app: App, status: Record<string, any> = {}): void {
    this.apps.set(app.metadata.name, { ...app, status });
  }

  /** Statuses GETs of `name` return once it has been POSTed, one each; the last one stays. */
  queueStatuses(name: string, statuses: Array<Record<string, any>>): void {
    this.queued.set(name, [...statuses]);
  }

  handlers() {
    const base = `${this.url}/api/v1/applications`;
    const guard = (request: Request) => {
      const url = new URL(request.url);
      this.requests.push(`${request.method} ${url.pathname}${url.search}`);
      const authorization = request.headers.get('authorization') ?? '';
      this.authorizations.push(authorization);
      return authorization === `Bearer ${this.token}`
        ? undefined
        : grpcError(401, 16, 'no session information');
    };

    return [
      http.get(`${base}/:name`, ({ request, params }) => {
        const denied = guard(request);
        if (denied) return denied;
        const name = String(params.name);
        const app = this.apps.get(name);
        if (!app) {
          return new URL(request.url).searchParams.get('projects')
            ? grpcError(404, 5, `applications.argoproj.io "${name}" not found`)
            : grpcError(403, 7, 'permission denied');
        }
        const queue = this.queued.get(name);
        if (queue?.length && this.posted.some(p => p.metadata.name === name)) {
          app.status = queue.length > 1 ? queue.shift()! : queue[0];
        }
        return HttpResponse.json(app);
      }),
      http.post(base, async ({ request }) => {
        const denied = guard(request);
        if (denied) return denied;
        if (this.failPost) {
          return grpcError(
            this.failPost.status,
            this.failPost.code,
            this.failPost.message,
          );
        }
        const body = (await request.json()) as App;
        this.posted.push(body);
        const upsert =
          new URL(request.url).searchParams.get('upsert') === 'true';
        const existing = this.apps.get(body.metadata.name);
        if (
          existing &&
          !upsert &&
          JSON.stringify(existing.spec) !== JSON.stringify(body.spec)
        ) {
          return grpcError(
            400,
            3,
            'existing application spec is different, use upsert flag to force update',
          );
        }
        const stored: App = {
          ...body,
          metadata: {
            ...body.metadata,
            namespace: 'argocd',
            uid: existing?.metadata.uid ?? randomUUID(),
            resourceVersion: String(Date.now()),
          },
          status: existing?.status ?? {},
        };
        this.apps.set(body.metadata.name, stored);
        return HttpResponse.json(stored);
      }),
    ];
  }
}
