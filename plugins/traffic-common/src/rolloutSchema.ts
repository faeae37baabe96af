import { z } from 'zod';
import { isDns1123Label } from '@internal/plugin-ops-common';
import type { Rollout, RolloutPlan, RolloutsResponse } from './rollout';

/** Shortest analysis interval a plan may ask for; the backend's config may ask for more. @public */
export const MIN_ROLLOUT_INTERVAL_SECONDS = 5;
/** Longest analysis interval of a step. @public */
export const MAX_ROLLOUT_INTERVAL_SECONDS = 3600;

const subsetName = (label: string) =>
  z
    .string({ required_error: `${label} is required` })
    .refine(isDns1123Label, `${label} must be a DNS-1123 label (a-z, 0-9, -)`);

const steps = z
  .array(
    z
      .number({ invalid_type_error: 'each step must be a number' })
      .int('each step must be a whole percentage')
      .min(1, 'each step must be from 1 to 100')
      .max(100, 'each step must be from 1 to 100'),
  )
  .min(1, 'a plan needs at least one step')
  .max(20, 'a plan has at most 20 steps')
  .superRefine((list, ctx) => {
    if (list.some((step, i) => i > 0 && step <= list[i - 1])) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: 'steps must increase',
      });
    }
    if (list[list.length - 1] !== 100) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: 'the last step must be 100',
      });
    }
  });

const thresholds = z
  .object({
    minSuccessRate: z
      .number({ invalid_type_error: 'minSuccessRate must be a number' })
      .min(0, 'minSuccessRate must be a percentage from 0 to 100')
      .max(100, 'minSuccessRate must be a percentage from 0 to 100')
      .optional(),
    maxLatencyP99Ms: z
      .number({ invalid_type_error: 'maxLatencyP99Ms must be a number' })
      .positive('maxLatencyP99Ms must be more than 0')
      .max(600_000, 'maxLatencyP99Ms must be at most 600000')
      .optional(),
    minRequests: z
      .number({ invalid_type_error: 'minRequests must be a number' })
      .int('minRequests must be a whole number')
      .min(1, 'minRequests must be at least 1')
      .optional(),
  })
  .strict();

/** The plan of `POST /rollouts`; every field is optional (defaults: 10/25/50/100, 60 s, 2). @public */
export const rolloutPlanSchema: z.ZodType<Partial<RolloutPlan>> = z
  .object({
    steps: steps.optional(),
    intervalSeconds: z
      .number({ invalid_type_error: 'intervalSeconds must be a number' })
      .int('intervalSeconds must be a whole number')
      .min(
        MIN_ROLLOUT_INTERVAL_SECONDS,
        `intervalSeconds must be at least ${MIN_ROLLOUT_INTERVAL_SECONDS}`,
      )
      .max(
        MAX_ROLLOUT_INTERVAL_SECONDS,
        `intervalSeconds must be at most ${MAX_ROLLOUT_INTERVAL_SECONDS}`,
      )
      .optional(),
    maxFailedChecks: z
      .number({ invalid_type_error: 'maxFailedChecks must be a number' })
      .int('maxFailedChecks must be a whole number')
      .min(1, 'maxFailedChecks must be from 1 to 20')
      .max(20, 'maxFailedChecks must be from 1 to 20')
      .optional(),
    thresholds: thresholds.optional(),
  })
  .strict();

/** `POST /rollouts` body. @public */
export interface RolloutStartRequest {
  entityRef: string;
  /** The subset that receives the new version. */
  canarySubset: string;
  /** The subset that keeps the rest; default: the one with the most weight now, other than the canary. */
  stableSubset?: string;
  plan?: Partial<RolloutPlan>;
}

/** Validates a `POST /rollouts` body. @public */
export const rolloutStartRequestSchema: z.ZodType<RolloutStartRequest> = z
  .object({
    entityRef: z
      .string({ required_error: 'entityRef is required' })
      .min(1, 'entityRef is required')
      .max(300, 'entityRef is too long'),
    canarySubset: subsetName('canarySubset'),
    stableSubset: subsetName('stableSubset').optional(),
    plan: rolloutPlanSchema.optional(),
  })
  .strict()
  .refine(body => body.stableSubset !== body.canarySubset, {
    message: 'stableSubset and canarySubset must differ',
    path: ['stableSubset'],
  });

/** The owner actions on a rollout: `POST /rollouts/:id/<action>`. @public */
export const ROLLOUT_ACTIONS = ['pause', 'resume', 'abort', 'promote'] as const;

/** One of {@link ROLLOUT_ACTIONS}. @public */
export type RolloutAction = (typeof ROLLOUT_ACTIONS)[number];

/** Body of an owner action: the revision the owner saw (a stale one is a 409). @public */
export interface RolloutActionRequest {
  revision: number;
}

/** Validates an owner action's body. @public */
export const rolloutActionRequestSchema: z.ZodType<RolloutActionRequest> = z
  .object({
    revision: z
      .number({
        required_error: 'revision is required',
        invalid_type_error: 'revision must be a number',
      })
      .int('revision must be a whole number')
      .min(0, 'revision must be 0 or more'),
  })
  .strict();

// The shapes of the rollout answers, for the client that reads them (structure only).

const weightShape = z.object({ subset: z.string(), weight: z.number() });

const eventShape = z.object({
  at: z.string(),
  kind: z.enum([
    'started',
    'step-written',
    'step-live',
    'check-passed',
    'check-failed',
    'paused',
    'resumed',
    'promote-requested',
    'abort-requested',
    'rolled-back',
    'promoted',
    'succeeded',
    'failed',
    'aborted',
  ]),
  weight: z.number().optional(),
  commit: z.string().optional(),
  actor: z.string().optional(),
  verdict: z
    .object({
      status: z.enum(['passed', 'failed', 'inconclusive']),
      requests: z.number(),
      successRate: z.number().nullable(),
      latencyP99Ms: z.number().nullable(),
      problems: z.array(z.string()),
    })
    .optional(),
  message: z.string(),
});

/** The shape of a {@link Rollout} answer. @public */
export const rolloutSchema: z.ZodType<Rollout> = z.object({
  id: z.string(),
  entityRef: z.string(),
  canarySubset: z.string(),
  stableSubset: z.string(),
  plan: z.object({
    steps: z.array(z.number()),
    intervalSeconds: z.number(),
    maxFailedChecks: z.number(),
    thresholds: z
      .object({
        minSuccessRate: z.number().optional(),
        maxLatencyP99Ms: z.number().optional(),
        minRequests: z.number().optional(),
      })
      .optional(),
  }),
  status: z.enum(['running', 'paused', 'succeeded', 'failed', 'aborted']),
  phase: z.enum(['apply', 'wait', 'analyse', 'rollback', 'abort', 'promote']),
  stepIndex: z.number(),
  failedChecks: z.number(),
  phaseSince: z.string(),
  expectedWeights: z.array(weightShape),
  message: z.string(),
  startedBy: z.string(),
  startedAt: z.string(),
  updatedAt: z.string(),
  events: z.array(eventShape),
  revision: z.number(),
});

/** The shape of `GET /rollouts`. @public */
export const rolloutsResponseSchema: z.ZodType<RolloutsResponse> = z.object({
  active: rolloutSchema.optional(),
  recent: z.array(rolloutSchema),
});
