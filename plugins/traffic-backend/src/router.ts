import { HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
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

/** What the router needs. */
export interface RouterOptions {
  httpAuth: HttpAuthService;
  targets: EntityTrafficTargets;
  reader: TrafficStateReader;
  editor: TrafficEditService;
}

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
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, targets, reader, editor } = options;
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

  router.use(stateConflictHandler());

  return router;
}
