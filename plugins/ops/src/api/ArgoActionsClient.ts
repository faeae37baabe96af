import { ResponseError } from '@backstage/errors';
import type { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import {
  argoActionConflictSchema,
  ArgoActionResult,
  argoActionResultSchema,
  argoActionsIssues,
  ArgoActionsStateResponse,
  argoActionsStateResponseSchema,
  ArgoCancelRequest,
  ArgoRefreshRequest,
  ArgoRollbackPreview,
  ArgoRollbackPreviewRequest,
  argoRollbackPreviewSchema,
  ArgoRollbackRequest,
  ArgoSyncRequest,
} from '@internal/plugin-argocd-actions-common';
import { ArgoActionConflictError } from './ArgoActionConflictError';
import type { ArgoActionsApi } from './ArgoActionsApi';

/** Options of {@link ArgoActionsClient}. @public */
export interface ArgoActionsClientOptions {
  discoveryApi: DiscoveryApi;
  /** Carries the signed-in user's Backstage token. */
  fetchApi: FetchApi;
}

/** An argocd-actions-common zod schema of a wire type, as far as the client uses it. */
interface WireSchema<T> {
  safeParse(
    value: unknown,
  ):
    | { success: true; data: T }
    | { success: false; error: Parameters<typeof argoActionsIssues>[0] };
}

/**
 * {@link ArgoActionsApi} over HTTP against the `argocd-actions` backend plugin, with the user's
 * token. Each 2xx body is checked against the argocd-actions-common schema of its wire type; a
 * body of another shape is an error naming the endpoint, never read as something else. Non-2xx
 * answers become a `ResponseError` with the backend's message; a 409 whose body is an
 * `ArgoActionConflict` becomes an {@link ArgoActionConflictError} with the state that won.
 * @public
 */
export class ArgoActionsClient implements ArgoActionsApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: ArgoActionsClientOptions) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getState(entityRef: string): Promise<ArgoActionsStateResponse> {
    const response = await this.fetch(
      `/state?${new URLSearchParams({ entityRef })}`,
    );
    return parseBody(argoActionsStateResponseSchema, response, 'GET /state');
  }

  sync(request: ArgoSyncRequest): Promise<ArgoActionResult> {
    return this.post('/sync', request, argoActionResultSchema);
  }

  refresh(request: ArgoRefreshRequest): Promise<ArgoActionResult> {
    return this.post('/refresh', request, argoActionResultSchema);
  }

  cancel(request: ArgoCancelRequest): Promise<ArgoActionResult> {
    return this.post('/cancel', request, argoActionResultSchema);
  }

  previewRollback(
    request: ArgoRollbackPreviewRequest,
  ): Promise<ArgoRollbackPreview> {
    return this.post('/rollback/preview', request, argoRollbackPreviewSchema);
  }

  rollback(request: ArgoRollbackRequest): Promise<ArgoActionResult> {
    return this.post('/rollback', request, argoActionResultSchema);
  }

  private async post<T>(
    path: string,
    request: object,
    schema: WireSchema<T>,
  ): Promise<T> {
    const response = await this.fetch(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(request),
    });
    return parseBody(schema, response, `POST ${path}`);
  }

  /** Sends the request; answers a 2xx response, throws for any other. */
  private async fetch(path: string, init?: RequestInit): Promise<Response> {
    const baseUrl = await this.discoveryApi.getBaseUrl('argocd-actions');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, init);
    if (response.status === 409) {
      const body = await response
        .clone()
        .json()
        .catch(() => undefined);
      const conflict = argoActionConflictSchema.safeParse(body);
      if (conflict.success) {
        throw new ArgoActionConflictError(
          conflict.data.error.message,
          conflict.data.current,
        );
      }
    }
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response;
  }
}

/** The response's JSON body as `T`, or an error naming the endpoint and what does not match. */
async function parseBody<T>(
  schema: WireSchema<T>,
  response: Response,
  endpoint: string,
): Promise<T> {
  const body = await response.json().catch(() => undefined);
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const problems = argoActionsIssues(parsed.error).slice(0, 3).join('; ');
    throw new Error(
      `The argocd-actions backend answered ${endpoint} with an unexpected body (${problems})`,
    );
  }
  return parsed.data;
}
