import { PrometheusInstance } from './PrometheusInstances';

/** One series of a range (matrix) or instant (vector) result. @public */
export interface PrometheusSeries {
  metric: Record<string, string>;
  /** `[unixSeconds, value]`; Prometheus sends values as strings (`"NaN"`, `"+Inf"` included). */
  values: Array<[number, string]>;
}

/** Why a query failed. @public */
export type PrometheusFailure =
  | 'unreachable'
  | 'timeout'
  | 'error'
  | 'malformed';

/**
 * A failed Prometheus query. The message names the system, the instance (by its configured name)
 * and the cause, so it can go to the user as is: never the instance's URL, a query URL or a
 * token (the URL is in the config under the instance's name).
 * @public
 */
export class PrometheusError extends Error {
  constructor(
    readonly failure: PrometheusFailure,
    instance: PrometheusInstance,
    detail: string,
  ) {
    super(`Prometheus '${instance.name}' ${withoutUrls(detail)}`);
    this.name = 'PrometheusError';
  }
}

interface Envelope {
  status?: unknown;
  data?: { resultType?: unknown; result?: unknown };
  errorType?: unknown;
  error?: unknown;
}

// scheme://anything-up-to-whitespace-or-quote.
const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s'"<>`]+/gi;

/** The text with every URL replaced by `<url>` (Prometheus errors may quote addresses). */
export function withoutUrls(text: string): string {
  return text.replace(URL_IN_TEXT, '<url>');
}

function causeOf(error: unknown): string {
  const cause = (error as { cause?: any })?.cause;
  const described = [cause?.syscall, cause?.code].filter(Boolean).join(' ');
  if (described) return described;
  if (cause?.message) return String(cause.message);
  return error instanceof Error ? error.message : String(error);
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

/**
 * A small client for Prometheus' HTTP API (`/api/v1/query_range`, `/api/v1/query`): every call
 * has the instance's timeout, and every failure becomes a {@link PrometheusError}.
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
    const headers: Record<string, string> = {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    };
    if (instance.bearerToken) {
      headers.authorization = `Bearer ${instance.bearerToken}`;
    }
    let status: number;
    let text: string;
    try {
      // POST keeps long queries out of URL length limits; the timeout covers the body too.
      const response = await this.fetchImpl(`${instance.url}${path}`, {
        method: 'POST',
        headers,
        body: new URLSearchParams(params).toString(),
        signal: AbortSignal.timeout(instance.timeoutMs),
      });
      status = response.status;
      text = await response.text();
    } catch (error) {
      const name = (error as Error)?.name;
      if (name === 'TimeoutError' || name === 'AbortError') {
        throw new PrometheusError(
          'timeout',
          instance,
          `did not answer within ${instance.timeoutMs} ms`,
        );
      }
      throw new PrometheusError(
        'unreachable',
        instance,
        `is unreachable (${causeOf(error)})`,
      );
    }
    let envelope: Envelope;
    try {
      envelope = JSON.parse(text);
    } catch {
      throw status >= 400
        ? new PrometheusError(
            'error',
            instance,
            `returned an error: HTTP ${status}`,
          )
        : new PrometheusError(
            'malformed',
            instance,
            'returned a malformed response (not JSON)',
          );
    }
    if (envelope?.status === 'error') {
      const detail = [envelope.errorType, envelope.error]
        .filter(part => typeof part === 'string' && part.length > 0)
        .join(': ');
      throw new PrometheusError(
        'error',
        instance,
        `returned an error: ${
          detail || `status "error" without a message (HTTP ${status})`
        }`,
      );
    }
    if (status >= 400) {
      throw new PrometheusError(
        'error',
        instance,
        `returned an error: HTTP ${status}`,
      );
    }
    const data = envelope?.data;
    if (
      envelope?.status !== 'success' ||
      data?.resultType !== resultType ||
      !isSeriesList(data.result, resultType === 'matrix' ? 'values' : 'value')
    ) {
      throw new PrometheusError(
        'malformed',
        instance,
        `returned a malformed response (expected a ${resultType} result)`,
      );
    }
    return data.result;
  }
}
