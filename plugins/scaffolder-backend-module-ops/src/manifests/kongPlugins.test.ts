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
  it.each([1, 50, 100000])(
    'limits to %i requests per second per user',
    second => {
      expect(
        buildRateLimitingPlugin(exampleRequest({ rateLimitPerSecond: second })),
      ).toEqual({
        ...header,
        metadata: metadata('rl-orders'),
        plugin: 'rate-limiting',
        config: {
          second,
          limit_by: 'header',
          header_name: 'X-Credential-Identifier',
          policy: 'local',
        },
      });
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
        introspection_endpoint:
          'http://keycloak.iam/realms/platform/protocol/openid-connect/token/introspect',
        bearer_only: 'yes',
        bearer_jwt_auth_enable: 'yes',
        bearer_jwt_auth_allowed_auds: ['account'],
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
