import { z } from 'zod';

const entityRef = z
  .string({ required_error: 'entityRef is required' })
  .min(1, 'entityRef is required')
  .max(300, 'entityRef is too long');

const historyId = z
  .number({
    required_error: 'historyId is required',
    invalid_type_error: 'historyId must be a number',
  })
  .int('historyId must be an integer')
  .min(0, 'historyId must not be negative');

/** `GET /state` query. @public */
export const argoStateQuerySchema = z.object({ entityRef });

/** `POST /sync` body; unknown keys are refused. @public */
export const argoSyncRequestSchema = z
  .object({
    entityRef,
    prune: z.boolean({ invalid_type_error: 'prune must be true or false' }),
    dryRun: z.boolean({ invalid_type_error: 'dryRun must be true or false' }),
  })
  .strict();

/** `POST /refresh` body. @public */
export const argoRefreshRequestSchema = z.object({ entityRef }).strict();

/** `POST /cancel` body. @public */
export const argoCancelRequestSchema = z.object({ entityRef }).strict();

/** `POST /rollback/preview` body. @public */
export const argoRollbackPreviewRequestSchema = z
  .object({ entityRef, historyId })
  .strict();

/** `POST /rollback` body. @public */
export const argoRollbackRequestSchema = z
  .object({
    entityRef,
    historyId,
    expectedRevision: z
      .string({ required_error: 'expectedRevision is required' })
      .regex(
        /^[0-9a-f]{7,64}$/,
        'expectedRevision must be a Git commit SHA (the preview gives it)',
      ),
    mode: z.enum(['git-revert', 'argocd'], {
      errorMap: (_issue, ctx) => ({
        message:
          ctx.data === undefined
            ? 'mode is required (the preview gives it)'
            : "mode must be 'git-revert' or 'argocd'",
      }),
    }),
  })
  .strict();
