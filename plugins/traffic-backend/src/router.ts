import { HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  ROLLOUT_ACTIONS,
  RolloutAction,
  rolloutActionRequestSchema,
  Rollout,
  RolloutsResponse,
  rolloutStartRequestSchema,
  TrafficPreview,
  TrafficSaveRequest,
  trafficSaveRequestSchema,
  TrafficSaveResponse,
  TrafficStateResponse,
} from '@internal/plugin-traffic-common';
import {
  parseMutationBody,
  stateConflictHandler,
} from '@internal/plugin-ops-node';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { EntityTrafficTargets } from './services/EntityTrafficTargets';
import {
  TrafficCaller,
  TrafficEditEventId,
  TrafficEditService,
} from './services/TrafficEditService';
import { TrafficStateReader } from './services/TrafficStateReader';
import { isTrafficNotConfigured } from './services/types';
import { RolloutService } from './rollouts/RolloutService';

/** What the router needs. */
export interface RouterOptions {
  httpAuth: HttpAuthService;
  targets: EntityTrafficTargets;
  reader: TrafficStateReader;
  editor: TrafficEditService;
  rollouts: RolloutService;
}

const ROLLOUT_ID =
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const stateQuery = z.object({
  entityRef: z
    .string({ required_error: 'entityRef is required' })
    .min(1, 'entityRef is required')
    .max(300, 'entityRef is too long'),
});

/**
 * The traffic API. Thin: parses the query or body (zod), takes the caller's credentials and hands
 * over to the services; a body that does not parse is a 400, audited as `invalid`. Errors are
 * `@backstage/errors` types, except a conflict, whose body carries the current state
 * (`TrafficConflict`).
 *
 * - `GET /state?entityRef=` → `TrafficStateResponse`: `TrafficState` or `TrafficNotConfigured`
 *   (user or service)
 * - `POST /preview` → `TrafficPreview` (users only)
 * - `PUT /policy` → `TrafficSaveResponse` (users only)
 * - `GET /rollouts?entityRef=` → `RolloutsResponse` (user or service)
 * - `POST /rollouts` → `Rollout`, 201 (users only): starts a progressive rollout
 * - `POST /rollouts/:id/(pause|resume|abort|promote)` → `Rollout` (users only; body `{ revision }`)
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, targets, reader, editor, rollouts } = options;
  const router = Router();
  router.use(express.json({ limit: '64kb' }));

  router.get('/state', async (req, res) => {
    const parsed = stateQuery.safeParse(req.query);
    if (!parsed.success) {
      throw new InputError(parsed.error.issues.map(i => i.message).join('; '));
    }
    const target = await targets.resolve(
      parsed.data.entityRef,
      await httpAuth.credentials(req),
      { shared: true },
    );
    if (isTrafficNotConfigured(target)) {
      const body: TrafficStateResponse = target;
      res.json(body);
      return;
    }
    const snapshot = await reader.read(target);
    const body: TrafficStateResponse = isTrafficNotConfigured(snapshot)
      ? snapshot
      : snapshot.state;
    res.json(body);
  });

  /** The signed-in user and the parsed body of an edit request; an invalid body is audited. */
  async function editRequest(
    req: express.Request,
    eventId: TrafficEditEventId,
  ): Promise<{ caller: TrafficCaller; request: TrafficSaveRequest }> {
    return parseMutationBody(req, {
      httpAuth,
      schema: trafficSaveRequestSchema,
      refuseInvalid: (body, caller, error) =>
        editor.refuseInvalid(eventId, body, caller, error),
    });
  }

  router.post('/preview', async (req, res) => {
    const { caller, request } = await editRequest(req, 'traffic-preview');
    const body: TrafficPreview = await editor.preview(request, caller);
    res.json(body);
  });

  router.put('/policy', async (req, res) => {
    const { caller, request } = await editRequest(req, 'traffic-update');
    const body: TrafficSaveResponse = await editor.save(request, caller);
    res.json(body);
  });

  router.get('/rollouts', async (req, res) => {
    const parsed = stateQuery.safeParse(req.query);
    if (!parsed.success) {
      throw new InputError(parsed.error.issues.map(i => i.message).join('; '));
    }
    const body: RolloutsResponse = await rollouts.list(
      parsed.data.entityRef,
      await httpAuth.credentials(req),
    );
    res.json(body);
  });

  router.post('/rollouts', async (req, res) => {
    const { caller, request } = await parseMutationBody(req, {
      httpAuth,
      schema: rolloutStartRequestSchema,
      refuseInvalid: (body, who, error) =>
        rollouts.refuseInvalid('start', body, who, error),
    });
    const body: Rollout = await rollouts.start(request, caller);
    res.status(201).json(body);
  });

  router.post('/rollouts/:id/:action', async (req, res) => {
    const action = req.params.action as RolloutAction;
    if (!ROLLOUT_ACTIONS.includes(action)) {
      throw new NotFoundError(
        `No rollout action ${req.params.action}; use ${ROLLOUT_ACTIONS.join(
          ', ',
        )}`,
      );
    }
    if (!ROLLOUT_ID.test(req.params.id)) {
      throw new InputError('The rollout id must be a UUID');
    }
    const { caller, request } = await parseMutationBody(req, {
      httpAuth,
      schema: rolloutActionRequestSchema,
      refuseInvalid: (body, who, error) =>
        rollouts.refuseInvalid(action, body, who, error),
    });
    const body: Rollout = await rollouts.act(
      req.params.id,
      action,
      request.revision,
      caller,
    );
    res.json(body);
  });

  router.use(stateConflictHandler());

  return router;
}
