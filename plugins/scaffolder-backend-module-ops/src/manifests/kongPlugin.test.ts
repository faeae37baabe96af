import { KongPlugin, validateKongPlugin } from './kongPlugin';

function plugin(
  overrides: Partial<KongPlugin<object>> = {},
): KongPlugin<object> {
  return {
    apiVersion: 'configuration.konghq.com/v1',
    kind: 'KongPlugin',
    metadata: { name: 'rl-orders', namespace: 'orders' },
    plugin: 'rate-limiting',
    config: {
      second: 5,
      limit_by: 'header',
      header_name: 'X-Credential-Identifier',
      policy: 'local',
    },
    ...overrides,
  };
}

describe('validateKongPlugin', () => {
  it.each<[string, KongPlugin<object>]>([
    ['a rate-limiting plugin', plugin()],
    [
      'a plugin the portal does not render (config unchecked)',
      plugin({ plugin: 'cors', config: { origins: ['*'] } }),
    ],
    [
      'an oidc plugin with its secret patched in',
      plugin({
        metadata: { name: 'oidc-orders', namespace: 'orders' },
        plugin: 'oidc',
        config: {
          client_id: 'orders',
          discovery: 'http://kc/realms/x/.well-known/openid-configuration',
          introspection_endpoint:
            'http://kc/realms/x/protocol/openid-connect/token/introspect',
          bearer_only: 'yes',
          bearer_jwt_auth_enable: 'yes',
          bearer_jwt_auth_allowed_auds: ['account'],
        },
        configPatches: [
          {
            path: '/client_secret',
            valueFrom: {
              secretKeyRef: {
                name: 'orders-oidc-client',
                key: 'client-secret',
              },
            },
          },
        ],
      }),
    ],
  ])('accepts %s', (_case, value) => {
    expect(validateKongPlugin(value)).toBe(value);
  });

  it.each<[string, KongPlugin<object>, string]>([
    [
      'a wrong apiVersion',
      plugin({ apiVersion: 'configuration.konghq.com/v2' as any }),
      'apiVersion',
    ],
    [
      'an invalid name',
      plugin({ metadata: { name: 'RL_orders', namespace: 'orders' } }),
      'metadata.name: metadata.name must be a DNS-1123 subdomain',
    ],
    [
      'an unknown rate-limiting field',
      plugin({ config: { ...plugin().config, minute: 10 } }),
      'config',
    ],
    [
      'limit_by header without header_name',
      plugin({ config: { second: 5, limit_by: 'header', policy: 'local' } }),
      "header_name is required when limit_by is 'header'",
    ],
    [
      'a prometheus flag that is not a boolean',
      plugin({
        plugin: 'prometheus',
        config: {
          status_code_metrics: 'true',
          latency_metrics: true,
          bandwidth_metrics: true,
          upstream_health_metrics: true,
        },
      }),
      'config.status_code_metrics',
    ],
    [
      'a tcp-log port out of range',
      plugin({
        plugin: 'tcp-log',
        config: { host: 'fluentd', port: 0, tls: false },
      }),
      'config.port',
    ],
    [
      'an oidc client secret in plain config',
      plugin({
        plugin: 'oidc',
        config: {
          client_id: 'orders',
          client_secret: 'hunter2',
          discovery: 'http://kc/.well-known/openid-configuration',
          introspection_endpoint: 'http://kc/introspect',
          bearer_only: 'yes',
          bearer_jwt_auth_enable: 'yes',
          bearer_jwt_auth_allowed_auds: ['account'],
        },
      }),
      'config',
    ],
    [
      'a field set both in config and by a patch',
      plugin({
        plugin: 'cors',
        config: { origins: ['*'] },
        configPatches: [
          {
            path: '/origins',
            valueFrom: { secretKeyRef: { name: 's', key: 'k' } },
          },
        ],
      }),
      'config.origins is set both in config and by a configPatch',
    ],
    [
      'a patch path that is not a JSON pointer',
      plugin({
        configPatches: [
          {
            path: 'client_secret',
            valueFrom: { secretKeyRef: { name: 's', key: 'k' } },
          },
        ],
      }),
      'configPatches path must be a JSON pointer',
    ],
  ])('refuses %s', (_case, value, message) => {
    expect(() => validateKongPlugin(value)).toThrow(
      new RegExp(
        `^KongPlugin ${value.metadata.name} is not valid: .*${message.replace(
          /[.*+?^${}()|[\]\\]/g,
          '\\$&',
        )}`,
      ),
    );
  });
});
