import { HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import type { TrafficConflict } from '@internal/plugin-ops-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { TrafficConflictError } from './errors';
import { EntityTrafficTargets } from './services/EntityTrafficTargets';
import { TrafficEditService } from './services/TrafficEditService';
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
 * The traffic API. Thin: parses the query, takes the caller's credentials and hands over to the
 * services; errors are `@backstage/errors` types, except a conflict, whose body carries the
 * current state (`TrafficConflict`).
 *
 * - `GET /state?entityRef=` → `TrafficState` or `TrafficNotConfigured` (user or service)
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
    );
    if (isTrafficNotConfigured(target)) {
      res.json(target);
      return;
    }
    const snapshot = await reader.read(target);
    res.json(isTrafficNotConfigured(snapshot) ? snapshot : snapshot.state);
  });

  router.post('/preview', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.json(await editor.preview(req.body, { credentials, request: req }));
  });

  router.put('/policy', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.json(await editor.save(req.body, { credentials, request: req }));
  });

  router.use(
    (
      error: unknown,
      _req: express.Request,
      res: express.Response,
      next: express.NextFunction,
    ) => {
      if (error instanceof TrafficConflictError) {
        const body: TrafficConflict = {
          error: { name: 'ConflictError', message: error.message },
          current: error.current,
        };
        res.status(409).json(body);
        return;
      }
      next(error);
    },
  );

  return router;
}
