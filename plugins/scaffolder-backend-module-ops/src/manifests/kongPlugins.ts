import { ServiceRequest } from '@internal/plugin-ops-common';
import {
  KONG_PLUGIN_API_VERSION,
  KongPlugin,
  OidcConfig,
  PrometheusConfig,
  RateLimitingConfig,
  TcpLogConfig,
  validateKongPlugin,
} from './kongPlugin';
import { serviceLabels } from './labels';
import {
  OIDC_CLIENT_SECRET_KEY,
  oidcClientSecretName,
} from './oidcClientSecret';

/** The names of a service's KongPlugins, as the Ingress's `konghq.com/plugins` lists them. @public */
export function kongPluginNames(name: string) {
  return {
    oidc: `oidc-${name}`,
    rateLimiting: `rl-${name}`,
    prometheus: `prometheus-${name}`,
    tcpLog: `tcp-log-${name}`,
  };
}

/**
 * The service's KongPlugin `kongPluginNames(name)[key]` running `plugin` with `config` (and
 * `configPatches`, when given), validated before anything renders it.
 */
function serviceKongPlugin<T extends object>(
  request: ServiceRequest,
  key: keyof ReturnType<typeof kongPluginNames>,
  plugin: string,
  config: T,
  extra: Pick<KongPlugin<T>, 'configPatches'> = {},
): KongPlugin<T> {
  return validateKongPlugin({
    apiVersion: KONG_PLUGIN_API_VERSION,
    kind: 'KongPlugin',
    metadata: {
      name: kongPluginNames(request.name)[key],
      namespace: request.namespace,
      labels: serviceLabels(request),
    },
    plugin,
    config,
    ...extra,
  });
}

/**
 * `rl-<name>`: `rateLimitPerSecond` requests per second, counted on each Kong node, keyed on
 * what the client cannot choose: the client IP on a public route (`auth: none`), the credential
 * the oidc plugin set from the verified token on an OIDC route (the IP when there is none).
 * @public
 */
export function buildRateLimitingPlugin(
  request: ServiceRequest,
): KongPlugin<RateLimitingConfig> {
  return serviceKongPlugin(request, 'rateLimiting', 'rate-limiting', {
    second: request.rateLimitPerSecond,
    limit_by: request.auth === 'oidc' ? 'credential' : 'ip',
    policy: 'local',
  });
}

/** `prometheus-<name>`: all four metric families on, which Kong leaves off by default. @public */
export function buildPrometheusPlugin(
  request: ServiceRequest,
): KongPlugin<PrometheusConfig> {
  return serviceKongPlugin(request, 'prometheus', 'prometheus', {
    status_code_metrics: true,
    latency_metrics: true,
    bandwidth_metrics: true,
    upstream_health_metrics: true,
  });
}

/** `tcp-log-<name>`: one JSON line per request to Fluentd. @public */
export function buildTcpLogPlugin(
  request: ServiceRequest,
  fluentd: { host: string; port: number },
): KongPlugin<TcpLogConfig> {
  return serviceKongPlugin(request, 'tcpLog', 'tcp-log', {
    host: fluentd.host,
    port: fluentd.port,
    tls: false,
  });
}

/**
 * `oidc-<name>`: bearer-only JWT validation against the Keycloak issuer; only tokens whose `aud`
 * is the service's own client `<name>` pass (not the realm-wide `account`), and no introspection
 * fallback, which would accept any active token of the realm. The client secret is never in Git:
 * configPatches reads it from the Secret `<name>-oidc-client`.
 * @public
 */
export function buildOidcPlugin(
  request: ServiceRequest,
  oidc: { issuerUrl: string },
): KongPlugin<OidcConfig> {
  return serviceKongPlugin(
    request,
    'oidc',
    'oidc',
    {
      client_id: request.name,
      discovery: `${oidc.issuerUrl}/.well-known/openid-configuration`,
      bearer_only: 'yes',
      bearer_jwt_auth_enable: 'yes',
      bearer_jwt_auth_allowed_auds: [request.name],
    } as OidcConfig,
    {
      configPatches: [
        {
          path: '/client_secret',
          valueFrom: {
            secretKeyRef: {
              name: oidcClientSecretName(request.name),
              key: OIDC_CLIENT_SECRET_KEY,
            },
          },
        },
      ],
    },
  );
}
