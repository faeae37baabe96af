import express, { NextFunction, Request, Response } from 'express';
import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { ArgoApiError, requireApplicationInProject } from './ArgoApiError';
import { ArgoCdReconciler } from './ArgoCdReconciler';
import { ARGOCD_NAMESPACE } from './applicationTypes';
import { ApplicationWrites } from './ApplicationWrites';
import { readerWriteDenied } from './readerAccess';
import { buildResourceTree } from './resourceTree';
import { ClusterStore } from '../cluster/types';

/**
 * The version the stand-in reports: its API subset and operation semantics follow Argo CD 3.5
 * (the release its Application CRD schema comes from).
 */
export const ARGOCD_VERSION = 'v3.5.7+sandbox';

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
  /**
   * The Argo CD account of the writer's token: who `operation.initiatedBy.username` names for the
   * syncs and rollbacks it starts (Argo CD takes it from the token's subject). Default `admin`.
   */
  writerAccount?: string;
}

const forceOption = z.object({ force: z.boolean().optional() }).passthrough();

/** Protobuf JSON reads a `null` field as the field's default (Roadie's client sends `resources: null`). */
function withoutNulls(body: unknown): unknown {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return body;
  return Object.fromEntries(
    Object.entries(body).filter(([, value]) => value !== null),
  );
}

const syncBody = z.preprocess(
  withoutNulls,
  z
    .object({
      revision: z.string().optional(),
      prune: z.boolean().optional(),
      dryRun: z.boolean().optional(),
      strategy: z
        .object({ apply: forceOption.optional(), hook: forceOption.optional() })
        .optional(),
      resources: z
        .array(
          z.object({
            group: z.string().optional(),
            kind: z.string(),
            name: z.string(),
            namespace: z.string().optional(),
          }),
        )
        .optional(),
      syncOptions: z
        .object({ items: z.array(z.string()).optional() })
        .optional(),
      project: z.string().optional(),
    })
    .passthrough(),
);

// `id` is an int64: grpc-gateway takes a JSON number or a string of digits; absent is 0.
const rollbackBody = z.preprocess(
  withoutNulls,
  z
    .object({
      id: z
        .union([z.number().int(), z.string().regex(/^-?\d+$/)])
        .default(0)
        .transform(Number),
      prune: z.boolean().optional(),
      dryRun: z.boolean().optional(),
      project: z.string().optional(),
    })
    .passthrough(),
);

/** The operation routes and their one method each (Argo CD's grpc-gateway routes). */
const OPERATION_ROUTES: Array<[string, string]> = [
  ['/api/v1/applications/:name/sync', 'POST'],
  ['/api/v1/applications/:name/rollback', 'POST'],
  ['/api/v1/applications/:name/operation', 'DELETE'],
];

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

/** A query parameter grpc-gateway reads as one string: the first when repeated. */
function queryString(value: unknown): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : undefined;
}

function parse<T>(
  schema: z.ZodType<T, z.ZodTypeDef, unknown>,
  body: unknown,
): T {
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

  // grpc-gateway routes by path before any authentication: another method on a route that
  // exists is its plain-text 405.
  for (const [route, method] of OPERATION_ROUTES) {
    app.all(route, (req: Request, res: Response, next: NextFunction) => {
      if (req.method === method) {
        next();
        return;
      }
      res
        .status(405)
        .type('text/plain; charset=utf-8')
        .set('X-Content-Type-Options', 'nosniff')
        .send('Method Not Allowed\n');
    });
  }

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

  app.use('/api/v1', (req: Request, res: Response, next: NextFunction) => {
    const token = requestToken(req);
    if (!token) {
      next(new ArgoApiError('Unauthenticated', 'no session information'));
    } else if (sameSecret(token, options.token)) {
      res.locals.username = options.writerAccount ?? 'admin';
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

  // `refresh` (any value; `hard` drops the cached manifests) answers the refreshed Application.
  app.get(
    '/api/v1/applications/:name',
    handle(async (req, res) => {
      const { name } = req.params;
      const projects = [req.query.projects, req.query.project]
        .flat()
        .filter((p): p is string => typeof p === 'string' && p !== '');
      if (projects.length > 1) {
        throw new ArgoApiError(
          'InvalidArgument',
          'multiple projects specified - the get endpoint accepts either zero or one project',
        );
      }
      const application = writes.require(name);
      requireApplicationInProject(application, name, projects[0]);
      const refresh = queryString(req.query.refresh);
      res.json(
        refresh === undefined
          ? application
          : await reconciler.refresh(name, refresh === 'hard'),
      );
    }),
  );

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
        await reconciler.sync(
          req.params.name,
          parse(syncBody, req.body),
          res.locals.username,
        ),
      );
    }),
  );

  app.post(
    '/api/v1/applications/:name/rollback',
    handle(async (req, res) => {
      res.json(
        await reconciler.rollback(
          req.params.name,
          parse(rollbackBody, req.body),
          res.locals.username,
        ),
      );
    }),
  );

  // TerminateOperation answers an empty OperationTerminateResponse once the phase is Terminating.
  app.delete(
    '/api/v1/applications/:name/operation',
    handle(async (req, res) => {
      await reconciler.terminateOperation(
        req.params.name,
        queryString(req.query.project),
      );
      res.json({});
    }),
  );

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
