import { isDns1123Subdomain } from '@internal/plugin-ops-common';
import { z } from 'zod';

/**
 * Kong Ingress Controller's KongPlugin (configuration.konghq.com/v1). No model package exists for
 * Kong's CRDs, so the subset the portal renders is typed here and checked with zod.
 */

/** The API version of Kong Ingress Controller's plugin resources. @public */
export const KONG_PLUGIN_API_VERSION = 'configuration.konghq.com/v1';

/** One value of `configPatches`: a JSON pointer into `config` filled from a Secret key. @public */
export interface KongPluginConfigPatch {
  path: string;
  valueFrom: { secretKeyRef: { name: string; key: string } };
}

/** A namespaced KongPlugin. @public */
export interface KongPlugin<TConfig extends object = Record<string, unknown>> {
  apiVersion: typeof KONG_PLUGIN_API_VERSION;
  kind: 'KongPlugin';
  metadata: {
    name: string;
    namespace: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  plugin: string;
  config?: TConfig;
  configPatches?: KongPluginConfigPatch[];
}

/**
 * `rate-limiting` in DB-less mode: counters per Kong node (`local`) or shared (`redis`). The key
 * is one the client cannot choose: the client IP, or the credential an auth plugin set from a
 * verified token (Kong falls back to the IP without one). Never a header or a consumer name the
 * client sends.
 * @public
 */
export interface RateLimitingConfig {
  second: number;
  limit_by: 'ip' | 'credential';
  policy: 'local' | 'redis';
}

/** `prometheus`: the four metric families the ops tab reads are off unless set. @public */
export interface PrometheusConfig {
  status_code_metrics: boolean;
  latency_metrics: boolean;
  bandwidth_metrics: boolean;
  upstream_health_metrics: boolean;
  per_consumer?: boolean;
}

/** `tcp-log`: one JSON line per request to a TCP endpoint. @public */
export interface TcpLogConfig {
  host: string;
  port: number;
  tls: boolean;
}

/**
 * The community `oidc` plugin's fields the platform sets; `client_secret` always comes from a
 * configPatch, never from Git. Its booleans are the strings `yes`/`no`. Bearer JWTs are verified
 * locally (signature, issuer, expiry) and must carry the service's own client in `aud`
 * (`bearer_jwt_auth_allowed_auds`); no `introspection_endpoint`, because the plugin falls back
 * to introspection when JWT verification fails, and introspection accepts any active token of
 * the realm whatever its audience.
 * @public
 */
export interface OidcConfig {
  client_id: string;
  discovery: string;
  bearer_only: 'yes';
  bearer_jwt_auth_enable: 'yes';
  bearer_jwt_auth_allowed_auds: string[];
}

const configSchemas: Record<string, z.ZodTypeAny> = {
  'rate-limiting': z
    .object({
      second: z.number().int().positive(),
      limit_by: z.enum(['ip', 'credential'], {
        errorMap: () => ({
          message:
            "limit_by must be 'ip' or 'credential': a key the client cannot choose",
        }),
      }),
      policy: z.enum(['local', 'redis']),
    })
    .strict(),
  prometheus: z
    .object({
      status_code_metrics: z.boolean(),
      latency_metrics: z.boolean(),
      bandwidth_metrics: z.boolean(),
      upstream_health_metrics: z.boolean(),
      per_consumer: z.boolean().optional(),
    })
    .strict(),
  'tcp-log': z
    .object({
      host: z.string().min(1),
      port: z.number().int().min(1).max(65535),
      tls: z.boolean(),
    })
    .strict(),
  oidc: z
    .object({
      client_id: z.string().min(1),
      discovery: z.string().url(),
      bearer_only: z.literal('yes'),
      bearer_jwt_auth_enable: z.literal('yes'),
      bearer_jwt_auth_allowed_auds: z.array(z.string().min(1)),
    })
    .strict()
    .refine(
      c =>
        c.bearer_jwt_auth_allowed_auds.length === 1 &&
        c.bearer_jwt_auth_allowed_auds[0] === c.client_id,
      {
        message:
          'bearer_jwt_auth_allowed_auds must be exactly [client_id]: tokens for other clients of the realm are refused',
        path: ['bearer_jwt_auth_allowed_auds'],
      },
    ),
};

const kongPluginSchema = z
  .object({
    apiVersion: z.literal(KONG_PLUGIN_API_VERSION),
    kind: z.literal('KongPlugin'),
    metadata: z
      .object({
        name: z
          .string()
          .max(253)
          .refine(
            isDns1123Subdomain,
            'metadata.name must be a DNS-1123 subdomain',
          ),
        namespace: z.string().min(1),
        labels: z.record(z.string()).optional(),
        annotations: z.record(z.string()).optional(),
      })
      .strict(),
    plugin: z.string().min(1),
    config: z.record(z.unknown()).optional(),
    configPatches: z
      .array(
        z
          .object({
            path: z
              .string()
              .regex(
                /^\/[^/]+(\/[^/]+)*$/,
                'configPatches path must be a JSON pointer',
              ),
            valueFrom: z
              .object({
                secretKeyRef: z
                  .object({ name: z.string().min(1), key: z.string().min(1) })
                  .strict(),
              })
              .strict(),
          })
          .strict(),
      )
      .optional(),
  })
  .strict()
  .superRefine((plugin, ctx) => {
    const schema = configSchemas[plugin.plugin];
    const result = schema?.safeParse(plugin.config ?? {});
    if (result && !result.success) {
      for (const issue of result.error.issues) {
        ctx.addIssue({ ...issue, path: ['config', ...issue.path] });
      }
    }
    for (const patch of plugin.configPatches ?? []) {
      const field = patch.path.slice(1).split('/')[0];
      if (plugin.config && field in plugin.config) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ['configPatches'],
          message: `config.${field} is set both in config and by a configPatch`,
        });
      }
    }
  });

/**
 * Checks a KongPlugin's shape, and the config of the plugins the portal renders (`rate-limiting`,
 * `prometheus`, `tcp-log`, `oidc`) field by field. Throws an error naming the plugin and the field.
 * @public
 */
export function validateKongPlugin<T extends KongPlugin<object>>(plugin: T): T {
  const result = kongPluginSchema.safeParse(plugin);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(
      `KongPlugin ${
        plugin.metadata?.name ?? ''
      } is not valid: ${issue.path.join('.')}: ${issue.message}`,
    );
  }
  return plugin;
}
