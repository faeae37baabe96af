import { Config } from '@backstage/config';
import { InputError, ServiceUnavailableError } from '@backstage/errors';
import { formatPromDuration } from '@internal/plugin-metrics-common';

/** One configured Prometheus. @public */
export interface PrometheusInstance {
  name: string;
  url: string;
  publicUrl: string;
  grafanaDashboardUrl?: string;
  timeoutMs: number;
  bearerToken?: string;
}

/** Default timeout of each Prometheus query. @public */
export const DEFAULT_PROMETHEUS_TIMEOUT_MS = 5000;

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

/** The configured Prometheus instances, and which one an entity uses. @public */
export class PrometheusInstances {
  /** Reads `opsPortal.metrics.prometheus`; an absent block gives no instances. */
  static fromConfig(config: Config): PrometheusInstances {
    const entries =
      config.getOptionalConfigArray('opsPortal.metrics.prometheus') ?? [];
    return new PrometheusInstances(
      entries.map(entry => {
        const url = trimSlash(entry.getString('url'));
        const timeoutMs =
          entry.getOptionalNumber('timeoutMs') ?? DEFAULT_PROMETHEUS_TIMEOUT_MS;
        if (!(timeoutMs > 0)) {
          throw new Error(
            `opsPortal.metrics.prometheus '${entry.getString(
              'name',
            )}': timeoutMs must be positive`,
          );
        }
        return {
          name: entry.getString('name'),
          url,
          publicUrl: trimSlash(entry.getOptionalString('publicUrl') ?? url),
          grafanaDashboardUrl: entry.getOptionalString('grafanaDashboardUrl'),
          timeoutMs,
          bearerToken: entry.getOptionalString('bearerToken'),
        };
      }),
    );
  }

  constructor(readonly all: PrometheusInstance[]) {}

  /**
   * The instance an entity's `ops-portal/prometheus-instance` annotation names, or the first
   * configured one. An unknown name is the entity's mistake (400); no instance at all is 503.
   */
  pick(name: string | undefined): PrometheusInstance {
    if (this.all.length === 0) {
      throw new ServiceUnavailableError(
        'No Prometheus is configured (opsPortal.metrics.prometheus)',
      );
    }
    if (!name) return this.all[0];
    const found = this.all.find(instance => instance.name === name);
    if (!found) {
      throw new InputError(
        `The entity asks for Prometheus '${name}', but only ${this.all
          .map(instance => `'${instance.name}'`)
          .join(', ')} ${this.all.length === 1 ? 'is' : 'are'} configured`,
      );
    }
    return found;
  }
}

/**
 * The instance's Grafana dashboard URL for a service, `${namespace}` and `${service}` replaced
 * by their URL-encoded values; undefined when none is configured.
 * @public
 */
export function grafanaDashboardUrl(
  instance: PrometheusInstance,
  target: { namespace: string; service: string },
): string | undefined {
  return instance.grafanaDashboardUrl
    ?.replace(/\$\{namespace\}/g, encodeURIComponent(target.namespace))
    .replace(/\$\{service\}/g, encodeURIComponent(target.service));
}

/**
 * Prometheus' `/graph` page for a query over a window: the classic UI's `g0.*` parameters
 * (expression, graph tab, range, end and step), which the newer UI reads too.
 * @public
 */
export function prometheusGraphUrl(
  instance: PrometheusInstance,
  query: string,
  window: { start: number; end: number; stepSeconds: number },
): string {
  const end = new Date(window.end * 1000)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, '');
  const params = new URLSearchParams({
    'g0.expr': query,
    'g0.tab': '0',
    'g0.range_input': formatPromDuration(window.end - window.start),
    'g0.end_input': end,
    'g0.step_input': String(window.stepSeconds),
  });
  return `${instance.publicUrl}/graph?${params.toString()}`;
}
