import {
  KONG_AUTH_PLUGINS,
  PROMETHEUS_METRIC_FLAGS,
  PrometheusMetricFlag,
} from './pluginSettings';
import { KongPluginSummary } from './types';

/** The Kong metrics each prometheus flag turns on (Kong 3.x names). @public */
export const PROMETHEUS_FLAG_METRICS: Record<PrometheusMetricFlag, string> = {
  status_code_metrics:
    'kong_http_requests_total (request rate and error rate by status code)',
  latency_metrics:
    'kong_request_latency_ms, kong_upstream_latency_ms and kong_kong_latency_ms (latency histograms)',
  bandwidth_metrics: 'kong_bandwidth_bytes (ingress and egress bytes)',
  upstream_health_metrics: 'kong_upstream_target_health (target health)',
};

/** Entity-level warning when no prometheus plugin runs on the entity's routes. @public */
export const NO_PROMETHEUS_WARNING =
  'no prometheus plugin: the golden-signals card will be empty';

/** Warnings for one prometheus plugin's settings: one per metric flag that is off. @public */
export function prometheusFlagWarnings(
  settings: Record<string, unknown>,
): string[] {
  return PROMETHEUS_METRIC_FLAGS.filter(flag => settings[flag] !== true).map(
    flag => `${flag} is off: ${PROMETHEUS_FLAG_METRICS[flag]} will be missing`,
  );
}

/** What the warning rules need to know besides the plugins. @public */
export interface KongWarningContext {
  /** Number of Kong proxy nodes, when known. */
  kongReplicas?: number;
}

function sharesRoute(a: KongPluginSummary, b: KongPluginSummary): boolean {
  if (a.scope === 'global' || b.scope === 'global') return true;
  return a.appliesTo.some(route => b.appliesTo.includes(route));
}

function rateLimitingWarnings(
  plugin: KongPluginSummary,
  all: KongPluginSummary[],
  context: KongWarningContext,
): string[] {
  const warnings: string[] = [];
  const { limit_by: limitBy, header_name: header, policy } = plugin.settings;
  if (limitBy === 'header') {
    const auth = all.some(
      other =>
        other.enabled &&
        other.plugin in KONG_AUTH_PLUGINS &&
        sharesRoute(plugin, other),
    );
    if (!auth) {
      warnings.push(
        `limit_by header ${
          header ?? '(no header_name)'
        } without an auth plugin: the header is client-controlled, so a client can pick a fresh limit for every request`,
      );
    }
  }
  if (policy === 'local' && (context.kongReplicas ?? 1) > 1) {
    warnings.push(
      `policy local with ${context.kongReplicas} Kong replicas: limits are counted per Kong node, so a client may get up to ${context.kongReplicas}× the limit`,
    );
  }
  return warnings;
}

/**
 * Applies the Kong card's warning rules: each plugin gets its own warnings (prometheus flags off,
 * client-controlled rate-limit header, per-node local limits), and the entity gets a warning
 * when no prometheus plugin runs on it. Disabled plugins count as absent.
 *
 * @public
 */
export function applyKongWarnings(
  plugins: KongPluginSummary[],
  context: KongWarningContext = {},
): { plugins: KongPluginSummary[]; warnings: string[] } {
  const withWarnings = plugins.map(plugin => {
    const warnings = [...plugin.warnings];
    if (plugin.enabled && plugin.plugin === 'prometheus') {
      warnings.push(...prometheusFlagWarnings(plugin.settings));
    }
    if (plugin.enabled && plugin.plugin.startsWith('rate-limiting')) {
      warnings.push(...rateLimitingWarnings(plugin, plugins, context));
    }
    return { ...plugin, warnings };
  });
  const hasPrometheus = plugins.some(
    p => p.enabled && p.plugin === 'prometheus',
  );
  return {
    plugins: withWarnings,
    warnings: hasPrometheus ? [] : [NO_PROMETHEUS_WARNING],
  };
}
