import { ResponseError } from '@backstage/errors';
import type { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { isTrafficNotConfigured } from '@internal/plugin-ops-common';
import type {
  TrafficPreview,
  TrafficSaveRequest,
  TrafficState,
} from '@internal/plugin-ops-common';
import type { TrafficApi } from './TrafficApi';
import {
  TrafficConflictError,
  TrafficNotConfigured,
  TrafficSaveResponse,
  TrafficStateResult,
} from './types';

/** Options of {@link TrafficClient}. @public */
export interface TrafficClientOptions {
  discoveryApi: DiscoveryApi;
  /** Carries the user's Backstage token. */
  fetchApi: FetchApi;
}

function looksLikeState(body: unknown): body is TrafficState {
  const value = body as Partial<TrafficState> | null;
  return (
    typeof value === 'object' &&
    value !== null &&
    Array.isArray(value.subsets) &&
    typeof value.live === 'object' &&
    typeof value.version === 'string'
  );
}

// The backend answers 200 with `{ notConfigured: { reason, annotation, message } }` when the
// entity's Istio objects cannot be found or its annotations are unusable. Any other body that
// is not a state is read the same way, from whichever field carries a message.
function notConfigured(body: unknown): TrafficNotConfigured {
  const value = (body ?? {}) as Record<string, any>;
  const detail: Record<string, any> = isTrafficNotConfigured(body)
    ? body.notConfigured
    : value;
  const text = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  const annotation = text(detail.annotation) ?? text(detail.missingAnnotation);
  const reason = text(detail.reason);
  return {
    status: 'not-configured',
    message:
      text(detail.message) ??
      text(value.error?.message) ??
      (annotation
        ? `Check the entity's ${annotation} annotation`
        : 'Traffic management is not configured for this entity'),
    ...(annotation ? { annotation } : {}),
    ...(reason ? { reason } : {}),
  };
}

/**
 * {@link TrafficApi} over HTTP against the `traffic` backend plugin, with the signed-in
 * user's token. Non-2xx answers become a `ResponseError` carrying the backend's message; a 409
 * with the current state becomes a `TrafficConflictError`.
 * @public
 */
export class TrafficClient implements TrafficApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: TrafficClientOptions) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getState(entityRef: string): Promise<TrafficStateResult> {
    const response = await this.fetch(
      `/state?${new URLSearchParams({ entityRef })}`,
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    const body = await response.json();
    return looksLikeState(body) ? body : notConfigured(body);
  }

  async preview(request: TrafficSaveRequest): Promise<TrafficPreview> {
    return this.send('POST', '/preview', request);
  }

  async save(request: TrafficSaveRequest): Promise<TrafficSaveResponse> {
    return this.send('PUT', '/policy', request);
  }

  private async send<T>(
    method: 'POST' | 'PUT',
    path: string,
    request: TrafficSaveRequest,
  ): Promise<T> {
    const response = await this.fetch(path, {
      method,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(request),
    });
    if (response.status === 409) {
      const body = await response
        .clone()
        .json()
        .catch(() => undefined);
      if (looksLikeState(body?.current)) {
        throw new TrafficConflictError(
          body.error?.message ?? 'The traffic policy changed',
          body.current,
        );
      }
    }
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }

  private async fetch(path: string, init?: RequestInit): Promise<Response> {
    const baseUrl = await this.discoveryApi.getBaseUrl('traffic');
    return this.fetchApi.fetch(`${baseUrl}${path}`, init);
  }
}
