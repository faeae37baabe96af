import { KongPlugin, validateKongPlugin } from './kongPlugin';

function plugin(
  overrides: Partial<KongPlugin<object>> = {},
): KongPlugin<object> {
  return {
    apiVersion: 'configuration.konghq.com/v1',
    kind: 'KongPlugin',
    metadata: { name: 'rl-orders', namespace: 'orders' },
    plugin: 'rate-limiting',
    config: { second: 5, limit_by: 'ip', policy: 'local' },
    ...overrides,
  };
}

const oidcConfig = (overrides: Record<string, unknown> = {}) => ({
  client_id: 'orders',
  discovery: 'http://kc/realms/x/.well-known/openid-configuration',
  bearer_only: 'yes',
  bearer_jwt_auth_enable: 'yes',
  bearer_jwt_auth_allowed_auds: ['orders'],
  ...overrides,
});
const oidcPlugin = (overrides: Record<string, unknown> = {}) =>
  plugin({
    metadata: { name: 'oidc-orders', namespace: 'orders' },
    plugin: 'oidc',
    config: oidcConfig(overrides),
  });

describe('validateKongPlugin', () => {
  it.each<[string, KongPlugin<object>]>([
    ['a rate-limiting plugin keyed on the client IP', plugin()],
    [
      'a rate-limiting plugin keyed on the verified credential',
      plugin({
        config: { second: 5, limit_by: 'credential', policy: 'local' },
      }),
    ],
    [
      'a plugin the portal does not render (config unchecked)',
      plugin({ plugin: 'cors', config: { origins: ['*'] } }),
    ],
    [
      'an oidc plugin with its secret patched in',
      plugin({
        metadata: { name: 'oidc-orders', namespace: 'orders' },
        plugin: 'oidc',
        config: oidcConfig(),
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
    ...(['header', 'consumer', 'service', 'path'] as const).map(
      limitBy =>
        [
          `limit_by ${limitBy}`,
          plugin({ config: { second: 5, limit_by: limitBy, policy: 'local' } }),
          "config.limit_by: limit_by must be 'ip' or 'credential': a key the client cannot choose",
        ] as [string, KongPlugin<object>, string],
    ),
    [
      'a client-chosen header_name',
      plugin({
        config: {
          second: 5,
          limit_by: 'ip',
          header_name: 'X-Credential-Identifier',
          policy: 'local',
        },
      }),
      'config',
    ],
    [
      "oidc accepting the realm's default audience",
      oidcPlugin({ bearer_jwt_auth_allowed_auds: ['account'] }),
      'config.bearer_jwt_auth_allowed_auds: bearer_jwt_auth_allowed_auds must be exactly [client_id]',
    ],
    [
      'oidc accepting another audience besides its own',
      oidcPlugin({ bearer_jwt_auth_allowed_auds: ['orders', 'account'] }),
      'bearer_jwt_auth_allowed_auds must be exactly [client_id]',
    ],
    [
      'oidc with an introspection fallback',
      oidcPlugin({ introspection_endpoint: 'http://kc/introspect' }),
      'config',
    ],
    [
      'oidc without bearer JWT verification',
      oidcPlugin({ bearer_jwt_auth_enable: 'no' }),
      'config.bearer_jwt_auth_enable',
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
        config: oidcConfig({ client_secret: 'hunter2' }),
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
