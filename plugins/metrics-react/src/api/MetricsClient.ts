import { ResponseError } from '@backstage/errors';
import type { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import type { MetricsApi } from './MetricsApi';
import type {
  CanaryAnalysisResult,
  DeployMarkersResult,
  GoldenSignalsResult,
  HpaHistoryResult,
  MetricsRequest,
  ObservedSplitResult,
} from './types';

/** Options of {@link MetricsClient}. @public */
export interface MetricsClientOptions {
  discoveryApi: DiscoveryApi;
  /** Carries the user's Backstage token. */
  fetchApi: FetchApi;
}

/**
 * {@link MetricsApi} over HTTP against the `metrics` backend plugin. Non-2xx answers become a
 * `ResponseError` carrying the backend's message (for a 503: that Prometheus is unreachable and why).
 * @public
 */
export class MetricsClient implements MetricsApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: MetricsClientOptions) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getGoldenSignals(
    request: MetricsRequest,
  ): Promise<GoldenSignalsResult> {
    return this.get('golden-signals', request);
  }

  async getHpaHistory(request: MetricsRequest): Promise<HpaHistoryResult> {
    return this.get('hpa-history', request);
  }

  async getDeployMarkers(
    request: MetricsRequest,
  ): Promise<DeployMarkersResult> {
    return this.get('deploy-markers', request);
  }

  async getObservedSplit(entityRef: string): Promise<ObservedSplitResult> {
    // No `end`: the backend evaluates the 5-minute rate at its own "now".
    return this.fetchJson('observed-split', new URLSearchParams({ entityRef }));
  }

  async getCanaryAnalysis(entityRef: string): Promise<CanaryAnalysisResult> {
    // No `end`: the backend evaluates the interval at its own "now".
    return this.fetchJson(
      'canary-analysis',
      new URLSearchParams({ entityRef }),
    );
  }

  private async get<T>(path: string, request: MetricsRequest): Promise<T> {
    return this.fetchJson(
      path,
      new URLSearchParams({
        entityRef: request.entityRef,
        range: request.range,
        end: String(Math.floor(request.end.getTime() / 1000)),
      }),
    );
  }

  private async fetchJson<T>(path: string, query: URLSearchParams): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('metrics');
    const response = await this.fetchApi.fetch(`${baseUrl}/${path}?${query}`);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
