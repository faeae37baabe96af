import { z } from 'zod';
import {
  zodIssueMessages,
  type OpsNotConfigured,
} from '@internal/plugin-ops-common';
import type {
  ArgoActionConflict,
  ArgoActionResult,
  ArgoActionsState,
  ArgoActionsStateResponse,
  ArgoHistoryEntry,
  ArgoOperationView,
  ArgoResourceResult,
  ArgoRollbackPreview,
} from './types';

// The shapes of the argocd-actions backend's answers, for the client that reads them. They check
// structure only (Argo CD's statuses and messages are free text); unknown fields are dropped.

const phaseShape = z.enum([
  'Running',
  'Terminating',
  'Succeeded',
  'Failed',
  'Error',
]);

const rollbackModeShape = z.enum(['git-revert', 'argocd']);

const resourceResultShape: z.ZodType<ArgoResourceResult> = z.object({
  group: z.string(),
  kind: z.string(),
  namespace: z.string(),
  name: z.string(),
  status: z.string(),
  message: z.string(),
  hookPhase: z.string().optional(),
});

const operationShape: z.ZodType<ArgoOperationView> = z.object({
  kind: z.enum(['sync', 'rollback']),
  phase: phaseShape,
  message: z.string(),
  initiatedBy: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().optional(),
  revision: z.string().optional(),
  dryRun: z.boolean(),
  prune: z.boolean(),
  resources: z.array(resourceResultShape),
});

const historyEntryShape: z.ZodType<ArgoHistoryEntry> = z.object({
  id: z.number(),
  revision: z.string(),
  deployedAt: z.string(),
  author: z.string().optional(),
  message: z.string().optional(),
  current: z.boolean(),
});

/** `GET /state` (200) for an entity with an Argo CD Application. @public */
export const argoActionsStateSchema: z.ZodType<ArgoActionsState> = z.object({
  instance: z.string(),
  application: z.string(),
  syncStatus: z.string(),
  healthStatus: z.string(),
  revision: z.string().optional(),
  autoSync: z.boolean(),
  rollbackMode: rollbackModeShape,
  operation: operationShape.optional(),
  history: z.array(historyEntryShape),
});

/** `GET /state` (200) for an entity without one: the ops "not configured" answer. @public */
export const argoActionsNotConfiguredSchema: z.ZodType<OpsNotConfigured> =
  z.object({ missingAnnotation: z.string(), message: z.string() });

/** Any `GET /state` (200) body. @public */
export const argoActionsStateResponseSchema: z.ZodType<ArgoActionsStateResponse> =
  z.union([argoActionsNotConfiguredSchema, argoActionsStateSchema]);

/** `POST /sync`, `/refresh`, `/cancel` and `/rollback` (200). @public */
export const argoActionResultSchema: z.ZodType<ArgoActionResult> = z.object({
  state: argoActionsStateSchema,
  commit: z.object({ sha: z.string(), url: z.string().optional() }).optional(),
});

/** `POST /rollback/preview` (200). @public */
export const argoRollbackPreviewSchema: z.ZodType<ArgoRollbackPreview> =
  z.object({
    mode: rollbackModeShape,
    historyId: z.number(),
    fromRevision: z.string(),
    toRevision: z.string(),
    baseRevision: z.string().optional(),
    files: z.array(
      z.object({
        path: z.string(),
        change: z.enum(['modified', 'added', 'deleted']),
        diff: z.string(),
      }),
    ),
    explanation: z.string(),
  });

/** The body of a 409: the state that won. @public */
export const argoActionConflictSchema: z.ZodType<ArgoActionConflict> = z.object(
  {
    error: z.object({ name: z.literal('ConflictError'), message: z.string() }),
    current: argoActionsStateSchema,
  },
);

/**
 * One line per problem of a failed parse: `path: message`, or the message alone (ops-common's
 * `zodIssueMessages`). @public
 */
export const argoActionsIssues: (error: z.ZodError) => string[] =
  zodIssueMessages;
