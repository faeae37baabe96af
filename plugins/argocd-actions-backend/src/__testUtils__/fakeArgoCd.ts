import { http, HttpResponse } from 'msw';
import type {
  ArgoApplication,
  ArgoRevisionMetadata,
} from '@internal/plugin-ops-node';

/** Where the tests' Argo CD lives (msw answers; nothing listens). */
export const ARGO_URL = 'http://argocd.test';
export const READER_TOKEN = 'argo-reader-token';
export const WRITER_TOKEN = 'argo-writer-token';

/** A request Argo CD received. */
export interface ArgoRequest {
  method: string;
  /** Path and query, e.g. `GET /api/v1/applications/driver?refresh=hard`. */
  url: string;
  token?: string;
  body?: unknown;
}

/** A grpc-gateway error answer, as Argo CD sends it (`{error, code, message}`). */
export function grpcError(status: number, code: number, message: string) {
  return HttpResponse.json({ error: message, code, message }, { status });
}

const PERMISSION_DENIED = () => grpcError(403, 7, 'permission denied');

/**
 * An Argo CD API server for msw with the behaviour of Argo CD 3.x (server/application): reads need
 * a token, sync/rollback/terminate the writer's; an Application that does not exist is 403
 * "permission denied" without a project and 404 with one; a sync or rollback while an operation is
 * set is 400 (FailedPrecondition) "another operation is already in progress"; a rollback under
 * automated sync is 400 "rollback cannot be initiated when auto-sync is enabled"; terminate without
 * an operation is 400 (InvalidArgument). A sync or rollback sets `operation` and clears
 * `status.operationState`, as Argo CD does, and answers at once. `failNext` makes the next
 * request to a path answer something else.
 */
export class FakeArgoCd {
  readonly apps = new Map<string, ArgoApplication>();
  readonly metadata = new Map<string, ArgoRevisionMetadata>();
  readonly requests: ArgoRequest[] = [];
  private readonly overrides: Array<{
    match: RegExp;
    answer: () => Response;
  }> = [];

  /** Answers the next request whose `METHOD /path?query` matches with `answer`. */
  failNext(match: RegExp, answer: () => Response) {
    this.overrides.push({ match, answer });
  }

  /** The requests that change something (anything but GET without `refresh`). */
  mutations(): ArgoRequest[] {
    return this.requests.filter(
      r => !r.url.startsWith('GET ') || r.url.includes('refresh='),
    );
  }

  reset() {
    this.apps.clear();
    this.metadata.clear();
    this.requests.length = 0;
    this.overrides.length = 0;
  }

  handlers() {
    const base = `${ARGO_URL}/api/v1/applications/:name`;
    return [
      http.get(base, ({ request, params }) =>
        this.handle(request, params, (app, url) => {
          const refresh = url.searchParams.get('refresh');
          if (refresh) {
            app.metadata.annotations = {
              ...app.metadata.annotations,
              'argocd.argoproj.io/refreshed': refresh,
            };
          }
          return HttpResponse.json(app);
        }),
      ),
      http.post(`${base}/sync`, ({ request, params }) =>
        this.handle(
          request,
          params,
          async app => {
            const body = (await request.clone().json()) as {
              revision?: string;
              prune?: boolean;
              dryRun?: boolean;
            };
            if (app.operation) return this.inProgress();
            app.operation = {
              sync: {
                revision: body.revision ?? app.spec?.source?.targetRevision,
                prune: body.prune,
                dryRun: body.dryRun,
              },
              initiatedBy: { username: 'ops-portal-writer' },
            };
            delete app.status!.operationState;
            return HttpResponse.json(app);
          },
          { write: true },
        ),
      ),
      http.post(`${base}/rollback`, ({ request, params }) =>
        this.handle(
          request,
          params,
          async app => {
            const body = (await request.clone().json()) as { id: number };
            if (app.spec?.syncPolicy?.automated) {
              return grpcError(
                400,
                9,
                'rollback cannot be initiated when auto-sync is enabled',
              );
            }
            const entry = app.status?.history?.find(h => h.id === body.id);
            if (!entry) {
              return grpcError(
                400,
                3,
                `application argocd/${app.metadata.name} does not have deployment with id ${body.id}`,
              );
            }
            if (app.operation) return this.inProgress();
            app.operation = {
              sync: { revision: entry.revision, syncStrategy: { apply: {} } },
              initiatedBy: { username: 'ops-portal-writer' },
            };
            delete app.status!.operationState;
            return HttpResponse.json(app);
          },
          { write: true },
        ),
      ),
      http.delete(`${base}/operation`, ({ request, params }) =>
        this.handle(
          request,
          params,
          app => {
            if (!app.operation || !app.status?.operationState) {
              return grpcError(
                400,
                3,
                'Unable to terminate operation. No operation is in progress',
              );
            }
            app.status.operationState.phase = 'Terminating';
            return HttpResponse.json({});
          },
          { write: true },
        ),
      ),
      http.get(`${base}/revisions/:revision/metadata`, ({ request, params }) =>
        this.handle(request, params, () => {
          const found = this.metadata.get(String(params.revision));
          return found
            ? HttpResponse.json(found)
            : grpcError(500, 2, 'revision not found in the repository');
        }),
      ),
    ];
  }

  private inProgress() {
    return grpcError(
      400,
      9,
      'error setting app operation: another operation is already in progress',
    );
  }

  private async handle(
    request: Request,
    params: Record<string, unknown>,
    answer: (app: ArgoApplication, url: URL) => Response | Promise<Response>,
    options: { write?: boolean } = {},
  ): Promise<Response> {
    const url = new URL(request.url);
    const token = request.headers.get('authorization')?.replace(/^Bearer /, '');
    const text = request.method === 'GET' ? '' : await request.clone().text();
    const key = `${request.method} ${url.pathname}${url.search}`;
    this.requests.push({
      method: request.method,
      url: key,
      token,
      body: text ? JSON.parse(text) : undefined,
    });
    const override = this.overrides.findIndex(o => o.match.test(key));
    if (override !== -1) {
      const [{ answer: overridden }] = this.overrides.splice(override, 1);
      return overridden();
    }
    if (token !== WRITER_TOKEN && (options.write || token !== READER_TOKEN)) {
      return PERMISSION_DENIED();
    }
    const app = this.apps.get(String(params.name));
    const project =
      url.searchParams.get('project') ??
      url.searchParams.get('projects') ??
      (text ? (JSON.parse(text) as { project?: string }).project : undefined);
    if (!app) {
      return project
        ? grpcError(
            404,
            5,
            `applications.argoproj.io "${params.name}" not found`,
          )
        : PERMISSION_DENIED();
    }
    return answer(app, url);
  }
}
