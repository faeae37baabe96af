import express, { NextFunction, Request, Response } from 'express';
import { ClientRepresentation } from './clientRepresentation';
import {
  forbidden,
  KeycloakApiError,
  methodNotAllowed,
  methodNotFound,
  noResourceMethod,
  unauthorized,
  unknownError,
  unparsableJson,
} from './KeycloakApiError';
import { ClientQuery, KeycloakStore } from './KeycloakStore';
import { KeycloakTokens } from './keycloakTokens';
import { ADMIN_ROLE, issueToken } from './tokenEndpoint';

/** Options for {@link createKeycloakRouter}. */
export interface KeycloakRouterOptions {
  store: KeycloakStore;
  /** Signs and verifies tokens; a fresh key per router when omitted. */
  tokens?: KeycloakTokens;
}

/** Keycloak answers Admin API successes with this exact header, errors with plain `application/json`. */
const ADMIN_JSON = 'application/json;charset=UTF-8';

function send(res: Response, status: number, body: unknown, type: string) {
  res.status(status).setHeader('Content-Type', type);
  res.end(JSON.stringify(body));
}

function baseUrlOf(req: Request): string {
  return `${req.protocol}://${req.headers.host ?? '127.0.0.1'}`;
}

/** Parses an optional integer query parameter; a malformed one is Keycloak's generic 404. */
function integerParam(value: unknown): number | undefined {
  if (value === undefined || value === '') {
    return undefined;
  }
  if (typeof value !== 'string' || !/^-?\d+$/.test(value)) {
    throw methodNotFound();
  }
  return Number(value);
}

/**
 * The Keycloak subset the portal uses, with Keycloak 26's paths, bodies and error shapes: the
 * OpenID Connect token endpoint (client credentials, password, refresh) and the Admin REST API
 * for realms, clients, client secrets and client protocol mappers. Every `/admin` request needs
 * a bearer token from the token endpoint whose subject holds the admin role in `master`.
 */
export function createKeycloakRouter(
  options: KeycloakRouterOptions,
): express.Express {
  const { store } = options;
  const tokens = options.tokens ?? new KeycloakTokens();
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  app.post(
    '/realms/:realm/protocol/openid-connect/token',
    express.urlencoded({ extended: false }),
    (req, res) => {
      const body = issueToken(store, tokens, baseUrlOf(req), {
        realm: req.params.realm,
        form: req.body ?? {},
        authorization: req.headers.authorization,
      });
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader('Pragma', 'no-cache');
      send(res, 200, body, 'application/json');
    },
  );

  const admin = express.Router();
  admin.use(express.json({ limit: '1mb' }));
  admin.use((req, _res, next) => {
    const header = req.headers.authorization;
    const claims = header?.startsWith('Bearer ')
      ? tokens.verify(header.slice('Bearer '.length).trim())
      : undefined;
    if (!claims || claims.typ !== 'Bearer') {
      next(unauthorized());
      return;
    }
    adminContext(req).roles =
      claims.realm === 'master' ? claims.realm_access.roles : [];
    next();
  });
  const requireAdmin = (req: Request) => {
    if (!adminContext(req).roles.includes(ADMIN_ROLE)) {
      throw forbidden();
    }
  };
  const realmOf = (req: Request) => {
    const realm = store.requireRealm(req.params.realm);
    requireAdmin(req);
    return realm.realm;
  };

  admin
    .route('/realms')
    .get((req, res) => {
      requireAdmin(req);
      send(
        res,
        200,
        store.realmNames().map(name => realmRepresentation(store, name)),
        ADMIN_JSON,
      );
    })
    .all(() => {
      throw methodNotAllowed();
    });

  admin
    .route('/realms/:realm')
    .get((req, res) => {
      send(res, 200, realmRepresentation(store, realmOf(req)), ADMIN_JSON);
    })
    .all(() => {
      throw methodNotAllowed();
    });

  admin
    .route('/realms/:realm/clients')
    .get((req, res) => {
      const realm = realmOf(req);
      const query: ClientQuery = {
        clientId:
          typeof req.query.clientId === 'string'
            ? req.query.clientId
            : undefined,
        search: req.query.search === 'true',
        first: integerParam(req.query.first),
        max: integerParam(req.query.max),
      };
      send(res, 200, store.listClients(realm, query), ADMIN_JSON);
    })
    .post((req, res) => {
      const realm = realmOf(req);
      const body = (req.body ?? {}) as Partial<ClientRepresentation>;
      const id = store.createClient(realm, body);
      res.setHeader(
        'Location',
        `${baseUrlOf(req)}/admin/realms/${encodeURIComponent(
          realm,
        )}/clients/${id}`,
      );
      res.status(201).end();
    })
    .all(() => {
      throw methodNotAllowed();
    });

  admin
    .route('/realms/:realm/clients/:id')
    .get((req, res) => {
      send(res, 200, store.getClient(realmOf(req), req.params.id), ADMIN_JSON);
    })
    .put((req, res) => {
      const realm = realmOf(req);
      if (!hasBody(req)) {
        throw unknownError();
      }
      store.updateClient(realm, req.params.id, req.body ?? {});
      res.status(204).end();
    })
    .delete((req, res) => {
      store.deleteClient(realmOf(req), req.params.id);
      res.status(204).end();
    })
    .all(() => {
      throw methodNotAllowed();
    });

  admin
    .route('/realms/:realm/clients/:id/client-secret')
    .get((req, res) => {
      send(
        res,
        200,
        store.clientSecret(realmOf(req), req.params.id),
        ADMIN_JSON,
      );
    })
    .post((req, res) => {
      send(
        res,
        200,
        store.regenerateSecret(realmOf(req), req.params.id),
        ADMIN_JSON,
      );
    })
    .all(() => {
      throw methodNotAllowed();
    });

  admin
    .route('/realms/:realm/clients/:id/protocol-mappers/models')
    .get((req, res) => {
      send(
        res,
        200,
        store.listMappers(realmOf(req), req.params.id),
        ADMIN_JSON,
      );
    })
    .post((req, res) => {
      const realm = realmOf(req);
      const mapperId = store.addMapper(realm, req.params.id, req.body ?? {});
      res.setHeader(
        'Location',
        `${baseUrlOf(req)}/admin/realms/${encodeURIComponent(realm)}/clients/${
          req.params.id
        }/protocol-mappers/models/${mapperId}`,
      );
      res.status(201).end();
    })
    .all(() => {
      throw methodNotAllowed();
    });

  admin
    .route('/realms/:realm/clients/:id/protocol-mappers/models/:mapperId')
    .get((req, res) => {
      const { id, mapperId } = req.params;
      send(res, 200, store.getMapper(realmOf(req), id, mapperId), ADMIN_JSON);
    })
    .delete((req, res) => {
      store.deleteMapper(realmOf(req), req.params.id, req.params.mapperId);
      res.status(204).end();
    })
    .all(() => {
      throw methodNotAllowed();
    });

  admin.use('/realms/:realm', req => {
    realmOf(req);
    throw methodNotFound();
  });
  admin.use(() => {
    throw methodNotAllowed();
  });
  app.use('/admin', admin);

  app.use(() => {
    throw noResourceMethod();
  });

  app.use(
    (error: unknown, _req: Request, res: Response, _next: NextFunction) => {
      const apiError =
        error instanceof KeycloakApiError ? error : asKeycloakError(error);
      send(res, apiError.status, apiError.body, 'application/json');
    },
  );

  return app;
}

/** True when the request came with a body (Keycloak fails a `PUT` without one with a 500). */
function hasBody(req: Request): boolean {
  return (
    req.headers['transfer-encoding'] !== undefined ||
    Number(req.headers['content-length'] ?? 0) > 0
  );
}

/** Per-request state set by the admin authentication step. */
function adminContext(req: Request): { roles: string[] } {
  const holder = req as Request & { keycloak?: { roles: string[] } };
  holder.keycloak ??= { roles: [] };
  return holder.keycloak;
}

function asKeycloakError(error: unknown): KeycloakApiError {
  const parseFailure =
    (error as { type?: string })?.type === 'entity.parse.failed';
  if (parseFailure) {
    return unparsableJson();
  }
  return unknownError();
}

/** The realm fields the stand-in reports (a subset of Keycloak's RealmRepresentation). */
function realmRepresentation(store: KeycloakStore, name: string) {
  const realm = store.requireRealm(name);
  return {
    id: realm.id,
    realm: realm.realm,
    notBefore: 0,
    defaultSignatureAlgorithm: 'RS256',
    accessTokenLifespan: realm.accessTokenLifespan,
    enabled: true,
    sslRequired: 'external',
  };
}
