import { ResponseError } from '@backstage/errors';
import type { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import {
  Rollout,
  RolloutAction,
  rolloutSchema,
  RolloutsResponse,
  rolloutsResponseSchema,
  RolloutStartRequest,
  trafficConflictSchema,
  trafficIssues,
  TrafficPreview,
  trafficPreviewSchema,
  TrafficSaveRequest,
  TrafficSaveResponse,
  trafficSaveResponseSchema,
  TrafficStateResponse,
  trafficStateResponseSchema,
} from '@internal/plugin-traffic-common';
import type { TrafficApi } from './TrafficApi';
import { TrafficConflictError } from './TrafficConflictError';

/** Options of {@link TrafficClient}. @public */
export interface TrafficClientOptions {
  discoveryApi: DiscoveryApi;
  /** Carries the user's Backstage token. */
  fetchApi: FetchApi;
}

/**
 * {@link TrafficApi} over HTTP against the `traffic` backend plugin, with the signed-in
 * user's token. Each 2xx body is checked against the `@internal/plugin-traffic-common` schema of its
 * wire type; a body of another shape is an error naming the endpoint, never read as something
 * else. Non-2xx answers become a `ResponseError` carrying the backend's message; a 409 whose body
 * is a `TrafficConflict` becomes a `TrafficConflictError` with the current state.
 * @public
 */
export class TrafficClient implements TrafficApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: TrafficClientOptions) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getState(entityRef: string): Promise<TrafficStateResponse> {
    const path = `/state?${new URLSearchParams({ entityRef })}`;
    const response = await this.fetch(path);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return parseBody(trafficStateResponseSchema, response, 'GET /state');
  }

  async preview(request: TrafficSaveRequest): Promise<TrafficPreview> {
    const response = await this.send('POST', '/preview', request);
    return parseBody(trafficPreviewSchema, response, 'POST /preview');
  }

  async save(request: TrafficSaveRequest): Promise<TrafficSaveResponse> {
    const response = await this.send('PUT', '/policy', request);
    return parseBody(trafficSaveResponseSchema, response, 'PUT /policy');
  }

  async getRollouts(entityRef: string): Promise<RolloutsResponse> {
    const response = await this.fetch(
      `/rollouts?${new URLSearchParams({ entityRef })}`,
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return parseBody(rolloutsResponseSchema, response, 'GET /rollouts');
  }

  async startRollout(request: RolloutStartRequest): Promise<Rollout> {
    const response = await this.send('POST', '/rollouts', request);
    return parseBody(rolloutSchema, response, 'POST /rollouts');
  }

  async actOnRollout(
    id: string,
    action: RolloutAction,
    revision: number,
  ): Promise<Rollout> {
    const path = `/rollouts/${encodeURIComponent(id)}/${action}`;
    const response = await this.send('POST', path, { revision });
    return parseBody(rolloutSchema, response, `POST /rollouts/:id/${action}`);
  }

  /** Sends the request; answers a 2xx response, throws for any other. */
  private async send(
    method: 'POST' | 'PUT',
    path: string,
    request: object,
  ): Promise<Response> {
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
      const conflict = trafficConflictSchema.safeParse(body);
      if (conflict.success) {
        throw new TrafficConflictError(
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

  private async fetch(path: string, init?: RequestInit): Promise<Response> {
    const baseUrl = await this.discoveryApi.getBaseUrl('traffic');
    return this.fetchApi.fetch(`${baseUrl}${path}`, init);
  }
}

/** A traffic-common zod schema of a wire type, as far as the client uses it. */
interface WireSchema<T> {
  safeParse(
    value: unknown,
  ):
    | { success: true; data: T }
    | { success: false; error: Parameters<typeof trafficIssues>[0] };
}

/** The response's JSON body as `T`, or an error naming the endpoint and what does not match. */
async function parseBody<T>(
  schema: WireSchema<T>,
  response: Response,
  endpoint: string,
): Promise<T> {
  const parsed = schema.safeParse(await response.json());
  if (!parsed.success) {
    const problems = trafficIssues(parsed.error).slice(0, 3).join('; ');
    throw new Error(
      `The traffic backend answered ${endpoint} with an unexpected body (${problems})`,
    );
  }
  return parsed.data;
}
