import { z } from 'zod';
import type { TrafficPolicy, TrafficSaveRequest } from './types';
import { isDns1123Label, zodIssueMessages } from '@internal/plugin-ops-common';

// Istio duration strings (`100ms`, `1.5s`, `2m`, `1h`): what the VirtualService/DestinationRule
// schemas accept, bounded to values an editor can mean.
const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/;
const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** Milliseconds of an Istio duration string, or undefined when it is not one. @public */
export function durationMs(value: string): number | undefined {
  const match = DURATION.exec(value);
  if (!match) return undefined;
  return Number(match[1]) * UNIT_MS[match[2]];
}

const duration = (label: string, maxMs: number) =>
  z
    .string()
    .refine(v => durationMs(v) !== undefined, {
      message: `${label} must be an Istio duration such as 100ms, 1.5s, 2m or 1h`,
    })
    // A value that is not a duration has its one message above, not a range error too.
    .refine(v => (durationMs(v) ?? 1) >= 1, {
      message: `${label} must be at least 1ms`,
    })
    .refine(v => (durationMs(v) ?? 0) <= maxMs, {
      message: `${label} must be at most ${maxMs / 3_600_000}h`,
    });

const percentage = (label: string) =>
  z
    .number({ invalid_type_error: `${label} must be a number` })
    .finite(`${label} must be a finite number`)
    .min(0, `${label} must be between 0 and 100`)
    .max(100, `${label} must be between 0 and 100`);

const count = (label: string, max: number) =>
  z
    .number({ invalid_type_error: `${label} must be a number` })
    .int(`${label} must be a whole number`)
    .min(0, `${label} must be 0 or more`)
    .max(max, `${label} must be at most ${max}`);

/** Envoy `retry_on` conditions and gRPC/HTTP status codes, comma separated. */
const RETRY_ON = /^[a-z0-9-]+(,[a-z0-9-]+)*$/;
/** An HTTP header field name (RFC 9110 token without separators we never expect). */
const HEADER_NAME = /^[A-Za-z0-9][A-Za-z0-9-]{0,99}$/;

const subsetWeight = z
  .object({
    subset: z
      .string()
      .refine(isDns1123Label, 'subset must be a DNS-1123 label (a-z, 0-9, -)'),
    weight: z
      .number({ invalid_type_error: 'weight must be a number' })
      .int('weight must be a whole number')
      .min(0, 'weight must be between 0 and 100')
      .max(100, 'weight must be between 0 and 100'),
  })
  .strict();

const weights = z
  .array(subsetWeight)
  .min(1, 'at least one subset needs a weight')
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((entry, index) => {
      if (seen.has(entry.subset)) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: [index, 'subset'],
          message: `subset ${entry.subset} is listed twice`,
        });
      }
      seen.add(entry.subset);
    });
    const sum = list.reduce((total, entry) => total + entry.weight, 0);
    if (list.every(e => Number.isInteger(e.weight)) && sum !== 100) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: `weights must sum to 100 (they sum to ${sum})`,
      });
    }
  });

const fault = z
  .object({
    delay: z
      .object({
        fixedDelay: duration('fault delay', 3_600_000),
        percentage: percentage('fault delay percentage'),
      })
      .strict()
      .optional(),
    abort: z
      .object({
        httpStatus: z
          .number({ invalid_type_error: 'fault abort status must be a number' })
          .int('fault abort status must be a whole number')
          .min(200, 'fault abort status must be an HTTP status 200-599')
          .max(599, 'fault abort status must be an HTTP status 200-599'),
        percentage: percentage('fault abort percentage'),
      })
      .strict()
      .optional(),
  })
  .strict();

const retries = z
  .object({
    attempts: count('retry attempts', 20),
    perTryTimeout: duration('per-try timeout', 3_600_000).optional(),
    retryOn: z
      .string()
      .regex(
        RETRY_ON,
        'retry-on must be comma-separated conditions such as 5xx,connect-failure',
      )
      .optional(),
  })
  .strict();

const outlierDetection = z
  .object({
    consecutive5xxErrors: count('consecutive 5xx errors', 1000).optional(),
    consecutiveGatewayErrors: count(
      'consecutive gateway errors',
      1000,
    ).optional(),
    interval: duration('outlier detection interval', 86_400_000).optional(),
    baseEjectionTime: duration('base ejection time', 86_400_000).optional(),
    maxEjectionPercent: count('max ejection percent', 100).optional(),
  })
  .strict();

/** A resilience policy as the editor sends it; unknown fields are refused. @public */
export const resiliencePolicySchema = z
  .object({
    fault: fault.optional(),
    retries: retries.optional(),
    timeout: duration('request timeout', 86_400_000).optional(),
    outlierDetection: outlierDetection.optional(),
    consistentHashHeader: z
      .string()
      .regex(HEADER_NAME, 'consistent-hash header must be an HTTP header name')
      .optional(),
  })
  .strict();

/** Weights and resilience policy; unknown fields are refused (a forged field is an error). @public */
export const trafficPolicySchema: z.ZodType<TrafficPolicy> = z
  .object({ weights, resilience: resiliencePolicySchema })
  .strict();

/** The body of `POST /preview` and `PUT /policy`. @public */
export const trafficSaveRequestSchema: z.ZodType<TrafficSaveRequest> = z
  .object({
    entityRef: z.string().min(1, 'entityRef is required').max(300),
    policy: trafficPolicySchema,
    baseVersion: z.string().min(1, 'baseVersion is required').max(2000),
    force: z.boolean().optional(),
  })
  .strict();

/**
 * Human-readable messages of a failed parse, one per problem, with the field path: ops-common's
 * `zodIssueMessages`. @public
 */
export const trafficIssues: (error: z.ZodError) => string[] = zodIssueMessages;
