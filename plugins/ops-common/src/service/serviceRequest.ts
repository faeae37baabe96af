import { z } from 'zod';
import { isDns1123Label } from '../names';

/**
 * What a developer asks for in the new-service wizard. One schema for the form's field
 * validation (frontend) and the scaffolder actions (backend), so both refuse the same input
 * with the same message.
 */

/** Longest service name the template accepts (it becomes Kubernetes, Kong and Keycloak names). @public */
export const SERVICE_NAME_MAX_LENGTH = 40;

// An OCI image reference: [registry[:port]/]path[:tag][@digest], lowercase path components.
const IMAGE_REFERENCE =
  /^(?:[a-z0-9.-]+(?::[0-9]+)?\/)?[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/;
// A URL path prefix Kong can route on: leading slash, segments of letters, digits, '.', '_' and
// '-', no trailing slash. No '~' (Kong Ingress Controller reads a path starting with '~' as a
// regular expression) and no other character a regex or a URL decoder would give a meaning to.
const ROUTE_PATH = /^(?:\/[A-Za-z0-9._-]+)+$/;
const DOT_SEGMENT = /(?:^|\/)\.{1,2}(?:\/|$)/;

/**
 * The shared prefix under which services may also publish their API: `/api/<service name>`.
 * `/api` itself belongs to no service.
 * @public
 */
export const SHARED_API_PREFIX = '/api';

/** A DNS-1123 label of at most `max` characters, with a message that says which rule failed. @public */
export function dnsLabelSchema(what: string, max: number) {
  return z
    .string({ required_error: `${what} is required` })
    .min(1, `${what} is required`)
    .max(max, `${what} must be at most ${max} characters`)
    .refine(
      isDns1123Label,
      `${what} must be a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit`,
    );
}

/** The service name: a DNS-1123 label of at most 40 characters. @public */
export const serviceNameSchema = dnsLabelSchema(
  'Service name',
  SERVICE_NAME_MAX_LENGTH,
);

/** The target namespace: a DNS-1123 label, never `default`. @public */
export const serviceNamespaceSchema = dnsLabelSchema('Namespace', 63).refine(
  v => v !== 'default',
  "Namespace must not be 'default': every service gets its own namespace",
);

/** A container image reference (`registry/path:tag` or `@sha256:` digest). @public */
export const containerImageSchema = z
  .string()
  .min(1, 'Container image is required')
  .refine(
    v => IMAGE_REFERENCE.test(v),
    'Container image must be an image reference such as registry.example.com/team/app:1.2.3',
  );

/**
 * The Kong route path prefix, normalized: leading slash, no empty segment (`//`), no trailing
 * slash, no `.` or `..` segment, only letters, digits, '.', '_' and '-' in segments (no `~`, no
 * regex or percent-encoded characters). @public
 */
export const routePathSchema = z
  .string()
  .min(1, 'Route path is required')
  .max(200, 'Route path must be at most 200 characters')
  .refine(v => v.startsWith('/'), "Route path must start with '/'")
  .refine(
    v => !v.includes('//') && (v === '/' || !v.endsWith('/')),
    "Route path must not contain '//' or end with '/'",
  )
  .refine(
    v => !DOT_SEGMENT.test(v),
    "Route path must not contain '.' or '..' segments",
  )
  .refine(
    v => v === '/' || ROUTE_PATH.test(v),
    "Route path may only contain letters, digits, '.', '_', '-' and '/' between segments",
  );

/**
 * The prefixes a service may route: its own `/<name>` and `/api/<name>`
 * ({@link SHARED_API_PREFIX}). @public
 */
export function ownRoutePrefixes(name: string): string[] {
  return [`/${name}`, `${SHARED_API_PREFIX}/${name}`];
}

/**
 * True when `routePath` is one of the service's own prefixes or a path below one
 * (`/payments`, `/payments/v1`, `/api/payments`; not `/paymentsx`, `/`, `/api`). Expects a path
 * that passed {@link routePathSchema}. @public
 */
export function isOwnRoutePath(name: string, routePath: string): boolean {
  return ownRoutePrefixes(name).some(
    prefix => routePath === prefix || routePath.startsWith(`${prefix}/`),
  );
}

/** HPA bounds and targets, with the cross-field rule min ≤ max. @public */
export const autoscalingSchema = z
  .object({
    minReplicas: z
      .number({ invalid_type_error: 'Minimum replicas must be a number' })
      .int('Minimum replicas must be a whole number')
      .min(1, 'Minimum replicas must be at least 1')
      .max(100, 'Minimum replicas must be at most 100'),
    maxReplicas: z
      .number({ invalid_type_error: 'Maximum replicas must be a number' })
      .int('Maximum replicas must be a whole number')
      .min(1, 'Maximum replicas must be at least 1')
      .max(100, 'Maximum replicas must be at most 100'),
    cpuTargetPercent: z
      .number({ invalid_type_error: 'CPU target must be a number' })
      .int('CPU target must be a whole percentage')
      .min(1, 'CPU target must be between 1 and 100 %')
      .max(100, 'CPU target must be between 1 and 100 %'),
    memoryTargetPercent: z
      .number({ invalid_type_error: 'Memory target must be a number' })
      .int('Memory target must be a whole percentage')
      .min(1, 'Memory target must be between 1 and 100 %')
      .max(100, 'Memory target must be between 1 and 100 %')
      .optional(),
  })
  .refine(a => a.minReplicas <= a.maxReplicas, {
    message: 'Minimum replicas must not be greater than maximum replicas',
    path: ['maxReplicas'],
  });

/** The port the container listens on. @public */
export const containerPortSchema = z
  .number({ invalid_type_error: 'Container port must be a number' })
  .int('Container port must be a whole number')
  .min(1, 'Container port must be between 1 and 65535')
  .max(65535, 'Container port must be between 1 and 65535');

/** Kong's rate limit for the route, in requests per second. @public */
export const rateLimitSchema = z
  .number({ invalid_type_error: 'Rate limit must be a number' })
  .int('Rate limit must be a whole number of requests per second')
  .min(1, 'Rate limit must be at least 1 request per second')
  .max(100000, 'Rate limit must be at most 100000 requests per second');

/** Authentication at the Kong route. @public */
export const serviceAuthSchema = z.enum(['none', 'oidc']);

/** The fields of a new-service request, each checked on its own. @public */
export const serviceRequestFieldsSchema = z.object({
  name: serviceNameSchema,
  description: z
    .string()
    .max(500, 'Description must be at most 500 characters')
    .default(''),
  owner: z.string().min(1, 'Owner is required'),
  system: z.string().optional(),
  image: containerImageSchema,
  port: containerPortSchema,
  namespace: serviceNamespaceSchema,
  routePath: routePathSchema,
  rateLimitPerSecond: rateLimitSchema,
  auth: serviceAuthSchema,
  autoscaling: autoscalingSchema,
  logShipping: z.boolean(),
});

/**
 * The whole new-service request: the fields, and the rules across them (the route path is the
 * service's own prefix). `shape` is the fields' shape, for code that lists them.
 * @public
 */
export const serviceRequestSchema = Object.assign(
  serviceRequestFieldsSchema.superRefine((request, ctx) => {
    if (!isOwnRoutePath(request.name, request.routePath)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['routePath'],
        message: `Route path must be the service's own prefix ${ownRoutePrefixes(
          request.name,
        )
          .map(p => `'${p}'`)
          .join(' or ')}, or a path below it`,
      });
    }
  }),
  { shape: serviceRequestFieldsSchema.shape },
);

/** A validated new-service request. @public */
export type ServiceRequest = z.infer<typeof serviceRequestSchema>;

/** The default route path prefix for a service: `/api/<name>`. @public */
export function defaultRoutePath(name: string): string {
  return `/api/${name}`;
}

/**
 * Validates one value against one of the schemas above and returns the first message, or
 * undefined when it is valid. Used by the form fields.
 * @public
 */
export function firstValidationError(
  schema: z.ZodTypeAny,
  value: unknown,
): string | undefined {
  const result = schema.safeParse(value);
  return result.success ? undefined : result.error.issues[0]?.message;
}
