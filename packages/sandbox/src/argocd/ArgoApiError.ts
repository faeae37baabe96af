/** gRPC status codes Argo CD's API reports, with the HTTP status grpc-gateway maps them to. */
const GRPC_CODES = {
  InvalidArgument: { code: 3, http: 400 },
  NotFound: { code: 5, http: 404 },
  PermissionDenied: { code: 7, http: 403 },
  FailedPrecondition: { code: 9, http: 400 },
  Unauthenticated: { code: 16, http: 401 },
  Unknown: { code: 2, http: 500 },
} as const;

/** A gRPC status name Argo CD uses. */
export type GrpcStatusName = keyof typeof GRPC_CODES;

/**
 * An error the Argo CD API stand-in answers with the real server's body:
 * `{ error, code, message }` where `code` is the gRPC status code.
 */
export class ArgoApiError extends Error {
  name = 'ArgoApiError';

  constructor(readonly status: GrpcStatusName, message: string) {
    super(message);
  }

  /** The gRPC status code. */
  get code(): number {
    return GRPC_CODES[this.status].code;
  }

  /** The HTTP status grpc-gateway uses for the gRPC code. */
  get httpStatus(): number {
    return GRPC_CODES[this.status].http;
  }

  /** The JSON body the real server sends. */
  toBody() {
    return { error: this.message, code: this.code, message: this.message };
  }
}

/** The message Kubernetes (and so Argo CD) uses for a missing Application. */
export function applicationNotFound(name: string): ArgoApiError {
  return new ArgoApiError(
    'NotFound',
    `applications.argoproj.io "${name}" not found`,
  );
}

/**
 * Argo CD 3's lookup of the Application a sync, rollback or terminate names: a missing one is
 * 403 `permission denied` when the caller named no project (so as not to tell which exist) and
 * 404 when it did; one in another project than the named one is 404 too.
 */
export function requireApplicationInProject<T extends { spec?: any }>(
  app: T | undefined,
  name: string,
  project: string | undefined,
): T {
  if (!app) {
    throw project
      ? applicationNotFound(name)
      : new ArgoApiError('PermissionDenied', 'permission denied');
  }
  if (project && (app.spec?.project || 'default') !== project) {
    throw applicationNotFound(name);
  }
  return app;
}
