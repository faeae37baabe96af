import { z } from 'zod';
import type {
  TrafficConflict,
  TrafficDiffFile,
  TrafficNotConfigured,
  TrafficPolicy,
  TrafficPreview,
  TrafficSaveResponse,
  TrafficState,
  TrafficStateResponse,
} from './types';

// The shapes of the traffic backend's answers, for the client that reads them. They check
// structure only: a live policy is whatever the cluster runs (weights need not sum to 100 there),
// so the request rules of `trafficPolicySchema` do not apply to it. Unknown fields are dropped.

const subsetWeightShape = z.object({ subset: z.string(), weight: z.number() });

const resilienceShape = z.object({
  fault: z
    .object({
      delay: z
        .object({ fixedDelay: z.string(), percentage: z.number() })
        .optional(),
      abort: z
        .object({ httpStatus: z.number(), percentage: z.number() })
        .optional(),
    })
    .optional(),
  retries: z
    .object({
      attempts: z.number(),
      perTryTimeout: z.string().optional(),
      retryOn: z.string().optional(),
    })
    .optional(),
  timeout: z.string().optional(),
  outlierDetection: z
    .object({
      consecutive5xxErrors: z.number().optional(),
      consecutiveGatewayErrors: z.number().optional(),
      interval: z.string().optional(),
      baseEjectionTime: z.string().optional(),
      maxEjectionPercent: z.number().optional(),
    })
    .optional(),
  consistentHashHeader: z.string().optional(),
});

const policyShape: z.ZodType<TrafficPolicy> = z.object({
  weights: z.array(subsetWeightShape),
  resilience: resilienceShape,
});

const objectRef = z.object({ name: z.string(), resourceVersion: z.string() });

const managementShape = z.discriminatedUnion('mode', [
  z.object({
    mode: z.literal('git'),
    argoCdApp: z.string(),
    repoUrl: z.string(),
    branch: z.string(),
    files: z.object({
      virtualService: z.string(),
      destinationRule: z.string(),
    }),
    publishMode: z.enum(['commit', 'branch']),
    revision: z.string(),
  }),
  z.object({ mode: z.literal('direct') }),
]);

/** `GET /state` (200) for an entity with a traffic editor. @public */
export const trafficStateSchema: z.ZodType<TrafficState> = z.object({
  entityRef: z.string(),
  namespace: z.string(),
  virtualService: objectRef,
  destinationRule: objectRef,
  host: z.string(),
  routeIndex: z.number(),
  subsets: z.array(
    z.object({
      name: z.string(),
      labels: z.record(z.string()),
      readyPods: z.number(),
      totalPods: z.number(),
    }),
  ),
  live: policyShape,
  desired: policyShape,
  sync: z.enum(['synced', 'pending']),
  management: managementShape,
  version: z.string(),
});

/** `GET /state` (200) for an entity without one: the annotation to add or fix. @public */
export const trafficNotConfiguredSchema: z.ZodType<TrafficNotConfigured> =
  z.object({
    notConfigured: z.object({
      reason: z.enum([
        'missing-annotation',
        'invalid-annotation',
        'object-not-found',
        'no-route',
      ]),
      annotation: z.string(),
      message: z.string(),
    }),
  });

/** Any `GET /state` (200) body. @public */
export const trafficStateResponseSchema: z.ZodType<TrafficStateResponse> =
  z.union([trafficNotConfiguredSchema, trafficStateSchema]);

const diffFileShape: z.ZodType<TrafficDiffFile> = z.object({
  path: z.string(),
  before: z.string(),
  after: z.string(),
});

/** `POST /preview` (200). @public */
export const trafficPreviewSchema: z.ZodType<TrafficPreview> = z.object({
  mode: z.enum(['git', 'direct']),
  change: z.object({ weights: z.boolean(), resilience: z.boolean() }),
  files: z.array(diffFileShape),
});

/** `PUT /policy` (200). @public */
export const trafficSaveResponseSchema: z.ZodType<TrafficSaveResponse> =
  z.object({
    outcome: z.enum(['committed', 'branch-pushed', 'written', 'unchanged']),
    mode: z.enum(['git', 'direct']),
    commit: z.string().optional(),
    branch: z.string().optional(),
    state: trafficStateSchema,
    warnings: z.array(z.string()),
  });

/** `PUT /policy` (409) body when the base state is stale: the state that won. @public */
export const trafficConflictSchema: z.ZodType<TrafficConflict> = z.object({
  error: z.object({ name: z.literal('ConflictError'), message: z.string() }),
  current: trafficStateSchema,
});
