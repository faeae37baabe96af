import { HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  ArgoActionResult,
  argoActionsIssues,
  ArgoActionsStateResponse,
  argoCancelRequestSchema,
  argoRefreshRequestSchema,
  ArgoRollbackPreview,
  argoRollbackPreviewRequestSchema,
  argoRollbackRequestSchema,
  argoStateQuerySchema,
  argoSyncRequestSchema,
} from '@internal/plugin-argocd-actions-common';
import { isOpsNotConfigured } from '@internal/plugin-ops-common';
import {
  parseMutationBody,
  stateConflictHandler,
} from '@internal/plugin-ops-node';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import {
  ArgoActionCaller,
  ArgoAuditedAction,
} from './services/ArgoActionAudit';
import { ArgoActionRunner } from './services/ArgoActionRunner';
import { ArgoActionService } from './services/ArgoActionService';
import { ArgoActionTargets } from './services/ArgoActionTargets';
import { ArgoRollbackService } from './services/ArgoRollbackService';
import { ArgoStateReader } from './services/ArgoStateReader';

/** What the router needs. */
export interface RouterOptions {
  httpAuth: HttpAuthService;
  targets: ArgoActionTargets;
  reader: ArgoStateReader;
  runner: ArgoActionRunner;
  actions: ArgoActionService;
  rollbacks: ArgoRollbackService;
}

/**
 * The Argo CD actions API. Thin: parses the query or body with the schemas of
 * argocd-actions-common (a body that does not parse is a 400 with the zod messages, audited as
 * `refused`/`invalid`), takes the caller's credentials (users only for the actions) and hands over
 * to the services. Errors are `@backstage/errors` types, except a conflict, whose body carries the
 * current state (`ArgoActionConflict`).
 *
 * - `GET /state?entityRef=` → `ArgoActionsStateResponse` (user or service)
 * - `POST /sync`, `/refresh`, `/cancel`, `/rollback` → `ArgoActionResult`
 * - `POST /rollback/preview` → `ArgoRollbackPreview`
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, targets, reader, runner, actions, rollbacks } = options;
  const router = Router();
  router.use(express.json({ limit: '16kb' }));

  router.get('/state', async (req, res) => {
    const parsed = argoStateQuerySchema.safeParse(req.query);
    if (!parsed.success) {
      throw new InputError(argoActionsIssues(parsed.error).join('; '));
    }
    const target = await targets.resolve(
      parsed.data.entityRef,
      await httpAuth.credentials(req),
      { shared: true },
    );
    const body: ArgoActionsStateResponse = isOpsNotConfigured(target)
      ? target
      : await reader.state(target);
    res.json(body);
  });

  /** The signed-in user and the parsed body of an action; an invalid body is audited. */
  async function actionRequest<T>(
    req: express.Request,
    action: ArgoAuditedAction,
    schema: z.ZodType<T, z.ZodTypeDef, unknown>,
  ): Promise<{ caller: ArgoActionCaller; request: T }> {
    return parseMutationBody(req, {
      httpAuth,
      schema,
      refuseInvalid: (body, caller, error) =>
        runner.refuseInvalid(action, body, caller, error),
    });
  }

  router.post('/sync', async (req, res) => {
    const { caller, request } = await actionRequest(
      req,
      'sync',
      argoSyncRequestSchema,
    );
    const body: ArgoActionResult = await actions.sync(request, caller);
    res.json(body);
  });

  router.post('/refresh', async (req, res) => {
    const { caller, request } = await actionRequest(
      req,
      'refresh',
      argoRefreshRequestSchema,
    );
    const body: ArgoActionResult = await actions.refresh(request, caller);
    res.json(body);
  });

  router.post('/cancel', async (req, res) => {
    const { caller, request } = await actionRequest(
      req,
      'cancel',
      argoCancelRequestSchema,
    );
    const body: ArgoActionResult = await actions.cancel(request, caller);
    res.json(body);
  });

  router.post('/rollback/preview', async (req, res) => {
    const { caller, request } = await actionRequest(
      req,
      'rollback-preview',
      argoRollbackPreviewRequestSchema,
    );
    const body: ArgoRollbackPreview = await rollbacks.preview(request, caller);
    res.json(body);
  });

  router.post('/rollback', async (req, res) => {
    const { caller, request } = await actionRequest(
      req,
      'rollback',
      argoRollbackRequestSchema,
    );
    const body: ArgoActionResult = await rollbacks.rollback(request, caller);
    res.json(body);
  });

  router.use(stateConflictHandler());

  return router;
}
