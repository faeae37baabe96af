import express, { NextFunction, Request, Response } from 'express';
import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { ArgoApiError } from './ArgoApiError';
import { ArgoCdReconciler } from './ArgoCdReconciler';
import { ARGOCD_NAMESPACE } from './applicationTypes';
import { ApplicationWrites } from './ApplicationWrites';
import { readerWriteDenied } from './readerAccess';
import { buildResourceTree } from './resourceTree';
import { ClusterStore } from '../cluster/types';

/** The version the stand-in reports; the API subset follows Argo CD 2.x/3.x. */
export const ARGOCD_VERSION = 'v2.13.0+sandbox';

/** Options for {@link createArgoCdRouter}. */
export interface ArgoCdRouterOptions {
  store: ClusterStore;
  reconciler: ArgoCdReconciler;
  /** The writer's bearer token (`opsPortal.argocd.writers`): every API call. */
  token: string;
  /**
   * The read-only token (the `argocd` instance token of the Argo CD cards): GET only; writes answer
   * 403 PermissionDenied as Argo CD's RBAC does.
   */
  readerToken?: string;
  /** Credentials `POST /api/v1/session` exchanges for the token, when configured. */
  username?: string;
  password?: string;
}

const syncBody = z
  .object({
    revision: z.string().optional(),
    prune: z.boolean().optional(),
    dryRun: z.boolean().optional(),
  })
  .passthrough();

const rollbackBody = z
  .object({ id: z.union([z.number().int(), z.string().regex(/^\d+$/)]) })
  .passthrough();

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function requestToken(req: Request): string | undefined {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) {
    return header.slice('Bearer '.length).trim();
  }
  const cookie = req.headers.cookie
    ?.split(';')
    .map(part => part.trim())
    .find(part => part.startsWith('argocd.token='));
  return cookie?.slice('argocd.token='.length);
}

/** Express 4 does not forward rejected promises to the error handler; this does. */
function handle(
  fn: (req: Request, res: Response) => Promise<void>,
): (req: Request, res: Response, next: NextFunction) => void {
  return (req, res, next) => {
    fn(req, res).catch(next);
  };
}

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body ?? {});
  if (!result.success) {
    throw new ArgoApiError('InvalidArgument', result.error.issues[0].message);
  }
  return result.data;
}

/**
 * The Argo CD API subset the portal uses (the Roadie Argo CD backend and our scaffolder actions),
 * with the real paths, bodies and gRPC-gateway error shape.
 */
export function createArgoCdRouter(
  options: ArgoCdRouterOptions,
): express.Express {
  const { reconciler, store } = options;
  const writes = new ApplicationWrites(store, reconciler);
  const readerIssuedAt = new Date();
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '5mb' }));

  app.get('/api/version', (_req, res) => {
    res.json({
      Version: ARGOCD_VERSION,
      Platform: `${process.platform}/${process.arch}`,
    });
  });

  app.post('/api/v1/session', (req, res) => {
    const { username, password } = req.body ?? {};
    const valid =
      options.username !== undefined &&
      options.password !== undefined &&
      username === options.username &&
      password === options.password;
    if (!valid) {
      throw new ArgoApiError('Unauthenticated', 'Invalid username or password');
    }
    // the username/password pair is the portal's read-only instance login
    res.json({ token: options.readerToken ?? options.token });
  });

  app.use('/api/v1', (req: Request, _res: Response, next: NextFunction) => {
    const token = requestToken(req);
    if (!token) {
      next(new ArgoApiError('Unauthenticated', 'no session information'));
    } else if (sameSecret(token, options.token)) {
      next();
    } else if (options.readerToken && sameSecret(token, options.readerToken)) {
      if (req.method === 'GET' || req.method === 'HEAD') {
        next();
        return;
      }
      const name = /^\/applications\/([^/]+)/.exec(req.path)?.[1];
      const existing = name
        ? writes.list().find(a => a.metadata.name === name)
        : undefined;
      next(
        readerWriteDenied({
          method: req.method,
          path: req.path,
          project: existing?.spec?.project ?? req.body?.spec?.project,
          bodyName: req.body?.metadata?.name,
          issuedAt: readerIssuedAt,
        }),
      );
    } else {
      next(
        new ArgoApiError(
          'Unauthenticated',
          'invalid session: token signature is invalid',
        ),
      );
    }
  });

  app.get('/api/v1/applications', (req, res) => {
    const query = req.query as Record<string, string | string[] | undefined>;
    const list = (v: string | string[] | undefined) =>
      v === undefined ? [] : [v].flat();
    const names = list(query.name);
    const projects = [...list(query.project), ...list(query.projects)];
    const appNamespace = query.appNamespace as string | undefined;
    // Applications live in the argocd namespace only; another appNamespace matches nothing.
    const inNamespace = !appNamespace || appNamespace === ARGOCD_NAMESPACE;
    const items = writes
      .list(query.selector as string | undefined)
      .filter(() => inNamespace)
      .filter(a => names.length === 0 || names.includes(a.metadata.name))
      .filter(a => projects.length === 0 || projects.includes(a.spec?.project));
    res.json({
      metadata: { resourceVersion: store.currentResourceVersion?.() ?? '' },
      items,
    });
  });

  app.post('/api/v1/applications', (req, res) => {
    res.json(writes.create(req.body, req.query.upsert === 'true'));
  });

  app.get('/api/v1/applications/:name', (req, res) => {
    res.json(writes.require(req.params.name));
  });

  app.put('/api/v1/applications/:name', (req, res) => {
    res.json(writes.update(req.params.name, req.body));
  });

  app.delete('/api/v1/applications/:name', (req, res) => {
    writes.delete(req.params.name, req.query.cascade !== 'false');
    res.json({});
  });

  app.post(
    '/api/v1/applications/:name/sync',
    handle(async (req, res) => {
      res.json(
        await reconciler.sync(req.params.name, parse(syncBody, req.body)),
      );
    }),
  );

  app.put(
    '/api/v1/applications/:name/rollback',
    handle(async (req, res) => {
      const { id } = parse(rollbackBody, req.body);
      res.json(await reconciler.rollback(req.params.name, Number(id)));
    }),
  );

  app.delete('/api/v1/applications/:name/operation', (req, _res) => {
    writes.require(req.params.name);
    // Operations run to completion inside the request that starts them; none is ever pending.
    throw new ArgoApiError(
      'FailedPrecondition',
      'Unable to terminate operation. No operation is in progress',
    );
  });

  app.get(
    '/api/v1/applications/:name/revisions/:revision/metadata',
    handle(async (req, res) => {
      res.json(
        await reconciler.revisionMetadata(req.params.name, req.params.revision),
      );
    }),
  );

  app.get('/api/v1/applications/:name/resource-tree', (req, res) => {
    writes.require(req.params.name);
    res.json(buildResourceTree(store, req.params.name));
  });

  app.get('/api/v1/projects/:name', (req, res) => {
    res.json(writes.project(req.params.name));
  });

  app.use((_req: Request, _res: Response, next: NextFunction) => {
    next(new ArgoApiError('NotFound', 'Not Found'));
  });

  app.use(
    (error: unknown, _req: Request, res: Response, _next: NextFunction) => {
      const apiError =
        error instanceof ArgoApiError
          ? error
          : new ArgoApiError(
              'Unknown',
              (error as Error)?.message ?? String(error),
            );
      res.status(apiError.httpStatus).json(apiError.toBody());
    },
  );

  return app;
}
