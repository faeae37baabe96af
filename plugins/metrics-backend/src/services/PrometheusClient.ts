import { fetchUpstreamJson, UpstreamError } from '@internal/plugin-ops-node';
import { PrometheusInstance } from './PrometheusInstances';

/** One series of a range (matrix) or instant (vector) result. @public */
export interface PrometheusSeries {
  metric: Record<string, string>;
  /** `[unixSeconds, value]`; Prometheus sends values as strings (`"NaN"`, `"+Inf"` included). */
  values: Array<[number, string]>;
}

interface Envelope {
  status?: unknown;
  data?: { resultType?: unknown; result?: unknown };
  errorType?: unknown;
  error?: unknown;
}

function isSeriesList(
  result: unknown,
  valuesKey: 'values' | 'value',
): result is Array<Record<string, any>> {
  return (
    Array.isArray(result) &&
    result.every(
      item =>
        item &&
        typeof item === 'object' &&
        item.metric &&
        typeof item.metric === 'object' &&
        Array.isArray(item[valuesKey]),
    )
  );
}

const OPERATION = { matrix: 'range query', vector: 'instant query' } as const;

/**
 * A small client for Prometheus' HTTP API (`/api/v1/query_range`, `/api/v1/query`) over ops-node's
 * `fetchUpstreamJson`: every call has the instance's timeout (the body included), and every
 * failure is an ops-node `UpstreamError` (a 503) whose message names Prometheus, the instance
 * (by its configured name), the query kind and the cause, never the instance's URL, the query or
 * the token. Prometheus' own API errors (`errorType: error`) are quoted with URLs removed.
 * @public
 */
export class PrometheusClient {
  constructor(
    readonly instance: PrometheusInstance,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  /** Runs a range query; the result is a matrix. */
  async queryRange(
    query: string,
    window: { start: number; end: number; stepSeconds: number },
  ): Promise<PrometheusSeries[]> {
    const result = await this.call('/api/v1/query_range', 'matrix', {
      query,
      start: String(window.start),
      end: String(window.end),
      step: String(window.stepSeconds),
    });
    return result.map(series => ({
      metric: series.metric,
      values: series.values,
    }));
  }

  /** Runs an instant query at `time`; the result is a vector, one value per series. */
  async queryInstant(query: string, time: number): Promise<PrometheusSeries[]> {
    const result = await this.call('/api/v1/query', 'vector', {
      query,
      time: String(time),
    });
    return result.map(series => ({
      metric: series.metric,
      values: [series.value],
    }));
  }

  private async call(
    path: string,
    resultType: 'matrix' | 'vector',
    params: Record<string, string>,
  ): Promise<Array<Record<string, any>>> {
    const { instance } = this;
    const system = `Prometheus '${instance.name}'`;
    const operation = OPERATION[resultType];
    const headers: Record<string, string> = {
      'content-type': 'application/x-www-form-urlencoded',
    };
    if (instance.bearerToken) {
      headers.authorization = `Bearer ${instance.bearerToken}`;
    }
    // POST keeps long queries out of URL length limits.
    const { body } = await fetchUpstreamJson(`${instance.url}${path}`, {
      system,
      operation,
      method: 'POST',
      headers,
      body: new URLSearchParams(params).toString(),
      timeoutMs: instance.timeoutMs,
      authHint: instance.bearerToken
        ? `check the bearerToken of opsPortal.metrics.prometheus '${instance.name}'`
        : undefined,
      fetchImpl: this.fetchImpl,
    });
    const fail = (detail: string) =>
      new UpstreamError(
        `${system} ${detail}`,
        undefined,
        new URL(instance.url).origin,
      );
    const envelope = body as Envelope | null;
    if (envelope?.status === 'error') {
      const detail = [envelope.errorType, envelope.error]
        .filter(part => typeof part === 'string' && part.length > 0)
        .join(': ');
      throw fail(
        `answered the ${operation} with an error: ${
          detail || 'status "error" without a message'
        }`,
      );
    }
    const data = envelope?.data;
    if (
      envelope?.status !== 'success' ||
      data?.resultType !== resultType ||
      !isSeriesList(data.result, resultType === 'matrix' ? 'values' : 'value')
    ) {
      throw fail(
        `answered the ${operation} with a malformed response (expected a ${resultType} result)`,
      );
    }
    return data.result;
  }
}
