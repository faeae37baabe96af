import express, { NextFunction, Request, Response } from 'express';
import { ClusterStore } from '../cluster/types';
import {
  apiGroupDocument,
  apiGroupList,
  apiResourceList,
  apiVersions,
  findServedType,
  SANDBOX_VERSION,
} from './discovery';
import { failureStatus, sendStatus, statusForError } from './kubeStatus';
import { podMetricsList } from './podMetrics';
import { readerDenial } from './readerAccess';
import {
  createObject,
  deleteObject,
  getObject,
  HandlerResult,
  listObjects,
  patchObject,
  replaceObject,
  ResourceTarget,
} from './resourceHandlers';

type Handler = (target: ResourceTarget, req: Request) => HandlerResult;

/** Paths the real API server also answers without credentials. */
const PUBLIC_PATHS = new Set(['/version', '/healthz', '/livez', '/readyz']);

function notFound(res: Response) {
  sendStatus(
    res,
    failureStatus(
      'NotFound',
      'the server could not find the requested resource',
    ),
  );
}

/**
 * Splits the part after `/api/v1` or `/apis/{group}/{version}` into the REST coordinates.
 * `namespaces/{ns}` alone (or with `/status`) addresses the Namespace object itself.
 */
function parseResourcePath(segments: string[]) {
  if (
    segments[0] === 'namespaces' &&
    segments.length >= 3 &&
    segments[2] !== 'status'
  ) {
    const [, namespace, plural, name, subresource, ...extra] = segments;
    return { namespace, plural, name, subresource, extra };
  }
  const [plural, name, subresource, ...extra] = segments;
  return { namespace: undefined, plural, name, subresource, extra };
}

/**
 * An Express app that serves the sandbox cluster with the Kubernetes API's REST paths, wire
 * formats and error Status objects: discovery, list/get/create/replace/patch/delete for every
 * kind the store serves, the `/status` subresource, label selectors, dry runs and optimistic
 * concurrency. Every request except `/version` and the health checks needs
 * `Authorization: Bearer <token>` (full access) or the reader token (get/list/watch, no Secrets).
 */
export function createKubeApiRouter(options: {
  store: ClusterStore;
  /** The writer's token: every verb on every resource. */
  token: string;
  /**
   * The read-only token (the portal's cards): get, list and watch, no Secrets; anything else is
   * refused with kube-apiserver's 403 Forbidden Status.
   */
  readerToken?: string;
}): express.Express {
  const { store, token, readerToken } = options;
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  app.use((req, res, next) => {
    const authorization = req.headers.authorization;
    if (PUBLIC_PATHS.has(req.path) || authorization === `Bearer ${token}`) {
      next();
      return;
    }
    if (readerToken && authorization === `Bearer ${readerToken}`) {
      const denial = readerDenial(req.method, req.path, req.query);
      if (denial) sendStatus(res, denial);
      else next();
      return;
    }
    sendStatus(res, failureStatus('Unauthorized', 'Unauthorized'));
  });

  app.use(
    express.json({
      limit: '5mb',
      type: ['application/json', 'application/*+json'],
    }),
  );

  app.get('/version', (_req, res) => {
    res.json(SANDBOX_VERSION);
  });
  for (const path of ['/healthz', '/livez', '/readyz']) {
    app.get(path, (_req, res) => {
      res.type('text/plain').send('ok');
    });
  }

  app.get('/api', (req, res) => {
    res.json(apiVersions(req.headers.host ?? '127.0.0.1'));
  });
  app.get('/apis', (_req, res) => {
    res.json(apiGroupList(store.resourceTypes()));
  });

  const serve = (
    group: string,
    version: string,
    rest: string,
    req: Request,
    res: Response,
  ) => {
    const segments = rest.split('/').filter(Boolean).map(decodeURIComponent);
    if (segments.length === 0) {
      if (req.method !== 'GET') {
        notFound(res);
        return;
      }
      const doc = apiResourceList(store.resourceTypes(), group, version);
      if (doc) res.json(doc);
      else notFound(res);
      return;
    }
    const path = parseResourcePath(segments);
    const served = findServedType(
      store.resourceTypes(),
      group,
      version,
      path.plural,
    );
    const badScope =
      served && path.namespace !== undefined && !served.type.namespaced;
    const badSubresource =
      path.subresource !== undefined &&
      (path.subresource !== 'status' ||
        served?.type.statusSubresource === false);
    if (!served || badScope || badSubresource || path.extra.length > 0) {
      notFound(res);
      return;
    }
    const target: ResourceTarget = {
      store,
      type: served.type,
      apiVersion: group ? `${group}/${version}` : version,
      namespace: served.type.namespaced ? path.namespace : undefined,
      name: path.name,
      subresource: path.subresource as 'status' | undefined,
    };
    const handlers: Record<string, Handler | undefined> =
      path.name === undefined
        ? { GET: listObjects, POST: createObject }
        : {
            GET: getObject,
            PUT: replaceObject,
            PATCH: patchObject,
            DELETE: path.subresource ? undefined : deleteObject,
          };
    const handler = handlers[req.method];
    if (!handler) {
      sendStatus(
        res,
        failureStatus(
          'MethodNotAllowed',
          `the server does not allow this method on the requested resource`,
        ),
      );
      return;
    }
    try {
      const result = handler(target, req);
      if (result.warnings?.length) {
        res.setHeader(
          'Warning',
          result.warnings.map(
            warning => `299 - "${warning.replace(/["\\]/g, c => `\\${c}`)}"`,
          ),
        );
      }
      res.status(result.code).json(result.body);
    } catch (error) {
      sendStatus(
        res,
        statusForError(
          error,
          served.type,
          path.name ?? req.body?.metadata?.name,
        ),
      );
    }
  };

  app.get(
    /^\/apis\/metrics\.k8s\.io\/v1beta1\/(?:namespaces\/([^/]+)\/)?pods\/?$/,
    (req, res) => {
      const selector = req.query.labelSelector;
      try {
        res.json(
          podMetricsList(
            store,
            req.params[0],
            typeof selector === 'string' ? selector : undefined,
          ),
        );
      } catch (error) {
        sendStatus(res, statusForError(error));
      }
    },
  );
  app.all(/^\/api\/v1(\/.*)?$/, (req, res) =>
    serve('', 'v1', req.params[0] ?? '', req, res),
  );
  app.all(/^\/apis\/([^/]+)\/?$/, (req, res) => {
    const doc =
      req.method === 'GET' &&
      apiGroupDocument(store.resourceTypes(), req.params[0]);
    if (doc) res.json(doc);
    else notFound(res);
  });
  app.all(/^\/apis\/([^/]+)\/([^/]+)(\/.*)?$/, (req, res) =>
    serve(req.params[0], req.params[1], req.params[2] ?? '', req, res),
  );

  app.use((_req: Request, res: Response) => notFound(res));

  // Body parser failures arrive here: malformed JSON is a 400, an oversized body a 413.
  app.use((error: any, _req: Request, res: Response, _next: NextFunction) => {
    if (error?.type === 'entity.too.large') {
      sendStatus(
        res,
        failureStatus(
          'RequestEntityTooLarge',
          'Request entity too large: limit is 5MB',
        ),
      );
    } else if (error?.type === 'entity.parse.failed' || error?.status === 400) {
      sendStatus(
        res,
        failureStatus(
          'BadRequest',
          `the request body is not valid JSON: ${error.message}`,
        ),
      );
    } else {
      sendStatus(res, statusForError(error));
    }
  });

  return app;
}
