import { KongSettingValue } from './types';

/**
 * Key settings of a Kong plugin's `config`, picked by an allow-list per plugin so that a
 * credential (client secrets, passwords, keys) can never reach a response: anything not listed
 * here is dropped.
 */

/** The prometheus flags the golden-signals card needs; Kong's default for each is false. @public */
export const PROMETHEUS_METRIC_FLAGS = [
  'status_code_metrics',
  'latency_metrics',
  'bandwidth_metrics',
  'upstream_health_metrics',
] as const;

/** One of {@link PROMETHEUS_METRIC_FLAGS}. @public */
export type PrometheusMetricFlag = (typeof PROMETHEUS_METRIC_FLAGS)[number];

/** Plugins that authenticate the caller, with the auth type the card shows. @public */
export const KONG_AUTH_PLUGINS: Record<string, string> = {
  oidc: 'OpenID Connect (community oidc)',
  'openid-connect': 'OpenID Connect',
  jwt: 'JWT',
  'key-auth': 'API key',
  'basic-auth': 'Basic',
  'hmac-auth': 'HMAC',
  'ldap-auth': 'LDAP',
  oauth2: 'OAuth 2.0',
  'mtls-auth': 'mutual TLS',
};

const RATE_LIMIT_WINDOWS = ['second', 'minute', 'hour', 'day', 'month', 'year'];

const AUTH_KEYS: Record<string, string[]> = {
  oidc: ['client_id', 'discovery', 'bearer_only', 'introspection_endpoint'],
  'openid-connect': ['issuer', 'client_id', 'auth_methods'],
  jwt: ['key_claim_name', 'claims_to_verify', 'header_names'],
  'key-auth': [
    'key_names',
    'key_in_header',
    'key_in_query',
    'hide_credentials',
  ],
  'basic-auth': ['hide_credentials'],
  'hmac-auth': ['hide_credentials', 'algorithms'],
  'ldap-auth': ['ldap_host', 'ldap_port', 'base_dn'],
  oauth2: ['scopes', 'mandatory_scope'],
  'mtls-auth': ['ca_certificates'],
};

function isSettingValue(value: unknown): value is KongSettingValue {
  if (Array.isArray(value)) return value.every(v => typeof v === 'string');
  return ['string', 'number', 'boolean'].includes(typeof value);
}

function pick(
  config: Record<string, unknown>,
  keys: string[],
): Record<string, KongSettingValue> {
  const picked: Record<string, KongSettingValue> = {};
  for (const key of keys) {
    const value = config[key];
    if (value !== null && value !== undefined && isSettingValue(value)) {
      picked[key] = value;
    }
  }
  return picked;
}

/** `http(s)://user:pass@host/path?token=x` → `http(s)://host/path`: no credentials in URLs. */
function withoutCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return '(unparsable URL)';
  }
}

// Kong 3.x moved the redis settings of rate-limiting under `redis`; older configs use `redis_*`.
function redisTarget(config: Record<string, unknown>): string | undefined {
  const nested = config.redis as Record<string, unknown> | undefined;
  const host = nested?.host ?? config.redis_host;
  const port = nested?.port ?? config.redis_port;
  if (typeof host !== 'string') return undefined;
  return port ? `${host}:${port}` : host;
}

/**
 * The settings the Kong card shows for a plugin, never a secret value.
 *
 * @param plugin - Kong's plugin name (`rate-limiting`, `prometheus`, ...)
 * @param config - the plugin's `config` as written in the KongPlugin or read from the Admin API
 * @public
 */
export function kongPluginKeySettings(
  plugin: string,
  config: Record<string, unknown> | undefined,
): Record<string, KongSettingValue> {
  const c = config ?? {};
  if (plugin === 'rate-limiting' || plugin === 'rate-limiting-advanced') {
    const settings = pick(c, [
      ...RATE_LIMIT_WINDOWS,
      'limit',
      'window_size',
      'limit_by',
      'header_name',
      'path',
      'policy',
    ]);
    settings.limit_by ??= 'consumer';
    settings.policy ??= 'local';
    const redis = redisTarget(c);
    if (redis && settings.policy === 'redis') settings.redis = redis;
    return settings;
  }
  if (plugin === 'prometheus') {
    const settings: Record<string, KongSettingValue> = {};
    for (const flag of [...PROMETHEUS_METRIC_FLAGS, 'per_consumer']) {
      settings[flag] = isTrue(c[flag]);
    }
    return settings;
  }
  if (plugin in KONG_AUTH_PLUGINS) {
    return {
      authType: KONG_AUTH_PLUGINS[plugin],
      ...pick(c, AUTH_KEYS[plugin] ?? []),
    };
  }
  if (plugin === 'tcp-log' || plugin === 'udp-log') {
    const settings: Record<string, KongSettingValue> = {};
    if (c.host !== undefined) settings.target = `${c.host}:${c.port ?? ''}`;
    return { ...settings, ...pick(c, ['tls']) };
  }
  if (plugin === 'http-log' && typeof c.http_endpoint === 'string') {
    return { endpoint: withoutCredentials(c.http_endpoint) };
  }
  if (plugin === 'cors') return pick(c, ['origins', 'methods', 'credentials']);
  if (plugin === 'request-size-limiting') {
    return pick(c, ['allowed_payload_size', 'size_unit']);
  }
  if (plugin === 'ip-restriction') return pick(c, ['allow', 'deny']);
  return {};
}

/**
 * Config values are often strings in KongPlugins written by hand (`"true"`, `"yes"`), and
 * booleans elsewhere; both count.
 * @public
 */
export function isTrue(value: unknown): boolean {
  return value === true || value === 'true' || value === 'yes';
}
