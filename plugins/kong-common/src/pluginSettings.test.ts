import { kongPluginKeySettings } from './pluginSettings';

describe('kongPluginKeySettings', () => {
  it.each([
    {
      plugin: 'rate-limiting',
      config: {
        second: 10,
        limit_by: 'header',
        header_name: 'X-Credential-Identifier',
        policy: 'local',
        fault_tolerant: true,
      },
      expected: {
        second: 10,
        limit_by: 'header',
        header_name: 'X-Credential-Identifier',
        policy: 'local',
      },
    },
    {
      plugin: 'rate-limiting',
      config: {
        minute: 5,
        policy: 'redis',
        redis: { host: 'redis.cache', port: 6379, password: 'pw' },
      },
      expected: {
        minute: 5,
        limit_by: 'consumer',
        policy: 'redis',
        redis: 'redis.cache:6379',
      },
    },
    {
      plugin: 'prometheus',
      config: {
        status_code_metrics: true,
        latency_metrics: 'true',
        bandwidth_metrics: false,
      },
      expected: {
        status_code_metrics: true,
        latency_metrics: true,
        bandwidth_metrics: false,
        upstream_health_metrics: false,
        per_consumer: false,
      },
    },
    {
      plugin: 'oidc',
      config: {
        client_id: 'driver',
        client_secret: 'hunter2',
        discovery: 'http://kc/realms/driver/.well-known/openid-configuration',
        bearer_only: 'yes',
      },
      expected: {
        authType: 'OpenID Connect (community oidc)',
        client_id: 'driver',
        discovery: 'http://kc/realms/driver/.well-known/openid-configuration',
        bearer_only: 'yes',
      },
    },
    {
      plugin: 'key-auth',
      config: { key_names: ['apikey'], hide_credentials: true },
      expected: {
        authType: 'API key',
        key_names: ['apikey'],
        hide_credentials: true,
      },
    },
    {
      plugin: 'tcp-log',
      config: { host: 'fluentd.logs.svc', port: 24224, tls: false },
      expected: { target: 'fluentd.logs.svc:24224', tls: false },
    },
    {
      plugin: 'http-log',
      config: {
        http_endpoint: 'https://user:pw@logs.example.com/in?token=abc',
      },
      expected: { endpoint: 'https://logs.example.com/in' },
    },
    {
      plugin: 'request-transformer',
      config: { add: { headers: ['x:y'] } },
      expected: {},
    },
    { plugin: 'jwt', config: undefined, expected: { authType: 'JWT' } },
  ])('$plugin keeps only key settings', ({ plugin, config, expected }) => {
    expect(kongPluginKeySettings(plugin, config)).toEqual(expected);
  });
});
