/** A failed Keycloak call, described for the person running the template. */
export class KeycloakError extends Error {
  name = 'KeycloakError';

  constructor(message: string, readonly status?: number) {
    super(message);
  }
}

/** The operation name of the admin login (token endpoint). */
export const LOGIN_OPERATION = 'logging in with the admin client';

/** What was being attempted when a Keycloak call failed. */
export type KeycloakCall = {
  baseUrl: string;
  timeoutMs: number;
  /** e.g. `looking up client 'payments'`, or {@link LOGIN_OPERATION}. */
  operation: string;
  realm?: string;
  adminRealm: string;
  adminClientId: string;
};

type HttpFailure = { status: number; data: unknown };

// The admin client throws NetworkError { response, responseData }; read it structurally so the
// check does not depend on the ESM class identity.
function httpFailure(error: unknown): HttpFailure | undefined {
  const response = (error as { response?: { status?: unknown } })?.response;
  if (response && typeof response.status === 'number') {
    return {
      status: response.status,
      data: (error as { responseData?: unknown }).responseData,
    };
  }
  return undefined;
}

/** Keycloak's error bodies: `{error, error_description}` (OAuth) or `{errorMessage}` (admin). */
function serverDetail(data: unknown): string {
  if (typeof data === 'string') {
    return data.slice(0, 300);
  }
  if (data && typeof data === 'object') {
    const body = data as Record<string, unknown>;
    const parts = [body.error, body.error_description, body.errorMessage]
      .filter((v): v is string => typeof v === 'string' && v.length > 0)
      .map(v => v.slice(0, 300));
    return parts.join(': ');
  }
  return '';
}

function networkCause(error: unknown): string | undefined {
  const cause = (error as { cause?: { code?: unknown; syscall?: unknown } })
    ?.cause;
  if (cause && typeof cause.code === 'string') {
    return typeof cause.syscall === 'string'
      ? `${cause.syscall} ${cause.code}`
      : cause.code;
  }
  return undefined;
}

/**
 * Turns whatever the admin client threw into a {@link KeycloakError} that names Keycloak, its URL
 * and the cause. Only server error fields are quoted, never request data, so no credential or
 * client secret can end up in the message.
 */
export function describeKeycloakFailure(
  error: unknown,
  call: KeycloakCall,
): KeycloakError {
  const where = `Keycloak at ${call.baseUrl}`;
  const name = (error as { name?: unknown })?.name;
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new KeycloakError(
      `${where} did not answer within ${call.timeoutMs} ms while ${call.operation}`,
    );
  }
  const failure = httpFailure(error);
  if (!failure) {
    const cause = networkCause(error);
    if (cause) {
      return new KeycloakError(`${where} is unreachable (${cause})`);
    }
    const message = error instanceof Error ? error.message : String(error);
    return new KeycloakError(
      `${where} failed while ${call.operation}: ${message}`,
    );
  }
  const detail = serverDetail(failure.data);
  const suffix = detail ? `: ${detail}` : '';
  const { status } = failure;
  if (call.operation === LOGIN_OPERATION) {
    if (status === 404) {
      return new KeycloakError(
        `${where}: the admin realm '${call.adminRealm}' does not exist (404${suffix})`,
        status,
      );
    }
    return new KeycloakError(
      `${where} refused the admin login of client '${call.adminClientId}' in realm '${call.adminRealm}' (${status}${suffix})`,
      status,
    );
  }
  if (status === 401) {
    return new KeycloakError(
      `${where} rejected the admin token while ${call.operation} (401${suffix})`,
      status,
    );
  }
  if (status === 403) {
    return new KeycloakError(
      `${where} refused ${call.operation} in realm '${call.realm}' (403${suffix}): the admin client '${call.adminClientId}' needs the realm-management role manage-clients`,
      status,
    );
  }
  if (status === 404 && call.realm && /realm/i.test(detail)) {
    return new KeycloakError(
      `${where}: the realm '${call.realm}' does not exist (404${suffix})`,
      status,
    );
  }
  return new KeycloakError(
    `${where} answered ${status} while ${call.operation}${suffix}`,
    status,
  );
}
