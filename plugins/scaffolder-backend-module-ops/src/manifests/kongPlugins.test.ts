import { exampleRequest } from './__fixtures__/serviceRequest';
import {
  buildOidcPlugin,
  buildPrometheusPlugin,
  buildRateLimitingPlugin,
  buildTcpLogPlugin,
  kongPluginNames,
} from './kongPlugins';

const metadata = (name: string) => ({
  name,
  namespace: 'orders',
  labels: {
    app: 'orders',
    'app.kubernetes.io/name': 'orders',
    'app.kubernetes.io/part-of': 'shop',
    'backstage.io/kubernetes-id': 'orders',
  },
});
const header = {
  apiVersion: 'configuration.konghq.com/v1',
  kind: 'KongPlugin',
};

describe('kongPluginNames', () => {
  it('derives every name from the service name', () => {
    expect(kongPluginNames('orders')).toEqual({
      oidc: 'oidc-orders',
      rateLimiting: 'rl-orders',
      prometheus: 'prometheus-orders',
      tcpLog: 'tcp-log-orders',
    });
  });
});

describe('buildRateLimitingPlugin', () => {
  it.each<[number, 'none' | 'oidc', string]>([
    [1, 'none', 'ip'],
    [50, 'none', 'ip'],
    [100000, 'none', 'ip'],
    [50, 'oidc', 'credential'],
  ])(
    'limits to %i requests per second, auth %s, keyed on %s',
    (second, auth, limitBy) => {
      expect(
        buildRateLimitingPlugin(
          exampleRequest({ rateLimitPerSecond: second, auth }),
        ),
      ).toEqual({
        ...header,
        metadata: metadata('rl-orders'),
        plugin: 'rate-limiting',
        config: { second, limit_by: limitBy, policy: 'local' },
      });
    },
  );

  it.each(['none', 'oidc'] as const)(
    'never keys a %s route on a header the client sends',
    auth => {
      const { config } = buildRateLimitingPlugin(exampleRequest({ auth }));
      expect(config?.limit_by).not.toMatch(/header|consumer/);
      expect(config).not.toHaveProperty('header_name');
    },
  );
});

describe('buildPrometheusPlugin', () => {
  it('turns on the four metric families', () => {
    expect(buildPrometheusPlugin(exampleRequest())).toEqual({
      ...header,
      metadata: metadata('prometheus-orders'),
      plugin: 'prometheus',
      config: {
        status_code_metrics: true,
        latency_metrics: true,
        bandwidth_metrics: true,
        upstream_health_metrics: true,
      },
    });
  });
});

describe('buildTcpLogPlugin', () => {
  it.each([
    ['the default endpoint', { host: 'fluentd.logs.svc', port: 24224 }],
    [
      'a configured endpoint',
      { host: 'fluentd.efk.svc.cluster.local', port: 5170 },
    ],
  ])('sends to %s', (_case, fluentd) => {
    expect(buildTcpLogPlugin(exampleRequest(), fluentd)).toEqual({
      ...header,
      metadata: metadata('tcp-log-orders'),
      plugin: 'tcp-log',
      config: { ...fluentd, tls: false },
    });
  });
});

describe('buildOidcPlugin', () => {
  it.each(['orders', 'payments'])(
    "accepts only tokens for the service's own client (%s), with no introspection fallback",
    name => {
      const { config } = buildOidcPlugin(
        exampleRequest({ name, routePath: `/${name}` }),
        { issuerUrl: 'http://keycloak.iam/realms/platform' },
      );
      expect(config?.bearer_jwt_auth_allowed_auds).toEqual([name]);
      expect(config?.client_id).toBe(name);
      expect(config).not.toHaveProperty('introspection_endpoint');
    },
  );

  it('validates bearer tokens against the issuer with the secret from a Secret', () => {
    expect(
      buildOidcPlugin(exampleRequest(), {
        issuerUrl: 'http://keycloak.iam/realms/platform',
      }),
    ).toEqual({
      ...header,
      metadata: metadata('oidc-orders'),
      plugin: 'oidc',
      config: {
        client_id: 'orders',
        discovery:
          'http://keycloak.iam/realms/platform/.well-known/openid-configuration',
        bearer_only: 'yes',
        bearer_jwt_auth_enable: 'yes',
        bearer_jwt_auth_allowed_auds: ['orders'],
      },
      configPatches: [
        {
          path: '/client_secret',
          valueFrom: {
            secretKeyRef: { name: 'orders-oidc-client', key: 'client-secret' },
          },
        },
      ],
    });
  });
});
