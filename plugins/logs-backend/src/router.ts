import { HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { ErrorCountService } from './services/ErrorCountService';

/** The longest window the error count accepts (the Ops tab offers up to 24 hours). */
const MAX_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

const errorCountParams = z
  .object({
    entityRef: z.string().min(1),
    from: z.string().datetime({ offset: true }),
    to: z.string().datetime({ offset: true }),
  })
  .transform(p => ({ ...p, from: new Date(p.from), to: new Date(p.to) }))
  .refine(p => p.from < p.to, 'from must be before to')
  .refine(
    p => p.to.getTime() - p.from.getTime() <= MAX_WINDOW_MS,
    'the window may be at most 7 days',
  );

function parseQuery(query: unknown) {
  const parsed = errorCountParams.safeParse(query);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
    throw new InputError(
      `Invalid error-count request: ${where}${issue.message}`,
    );
  }
  return parsed.data;
}

/** Routes of the logs backend. @public */
export async function createRouter(options: {
  httpAuth: HttpAuthService;
  errorCount: ErrorCountService;
}): Promise<express.Router> {
  const { httpAuth, errorCount } = options;
  const router = Router();

  // GET /error-count?entityRef=component:default/driver&from=<ISO>&to=<ISO>
  router.get('/error-count', async (req, res) => {
    const { entityRef, from, to } = parseQuery(req.query);
    const credentials = await httpAuth.credentials(req);
    res.json(
      await errorCount.countErrors({ entityRef, from, to, credentials }),
    );
  });

  return router;
}
