import { HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { KongRoutesService } from './services/KongRoutesService';

const routesQuery = z.object({
  entityRef: z
    .string({ required_error: 'entityRef is required' })
    .min(1, 'entityRef is required')
    .max(500, 'entityRef is too long'),
});

/** Options of {@link createRouter}. */
export interface RouterOptions {
  httpAuth: HttpAuthService;
  routes: KongRoutesService;
}

/**
 * `GET /routes?entityRef=<ref>`: the entity's Kong routes, plugins and upstreams
 * (`KongRoutesResponse`), or `{ missingAnnotation }` when the entity does not name its
 * Kubernetes workloads.
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const router = Router();

  router.get('/routes', async (req, res) => {
    const parsed = routesQuery.safeParse(req.query);
    if (!parsed.success) {
      throw new InputError(
        parsed.error.issues.map(issue => issue.message).join('; '),
      );
    }
    const credentials = await options.httpAuth.credentials(req);
    res.json(
      await options.routes.routesForEntity(parsed.data.entityRef, credentials),
    );
  });

  return router;
}
