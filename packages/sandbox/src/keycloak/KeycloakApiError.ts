/**
 * An error the Keycloak stand-in answers with the real server's status and body. Keycloak uses
 * several body shapes: `{error}` holding prose, `{errorMessage}`, and the OAuth
 * `{error, error_description}` on the token endpoint.
 */
export class KeycloakApiError extends Error {
  name = 'KeycloakApiError';

  constructor(readonly status: number, readonly body: Record<string, string>) {
    super(body.error_description ?? body.errorMessage ?? body.error);
  }
}

/** `GET /admin/realms/{realm}/...` for a realm that does not exist. */
export const realmNotFound = () =>
  new KeycloakApiError(404, { error: 'Realm not found.' });

/** The token endpoint of a realm that does not exist (no trailing period, unlike the admin API). */
export const realmDoesNotExist = () =>
  new KeycloakApiError(404, { error: 'Realm does not exist' });

/** A client id (UUID) that names no client of the realm. */
export const clientNotFound = () =>
  new KeycloakApiError(404, { error: 'Could not find client' });

/** A create whose clientId is taken. */
export const clientExists = (clientId: string) =>
  new KeycloakApiError(409, {
    errorMessage: `Client ${clientId} already exists`,
  });

/** An admin request without a valid bearer token. */
export const unauthorized = () =>
  new KeycloakApiError(401, { error: 'HTTP 401 Unauthorized' });

/** An admin request whose token does not carry admin rights for the realm. */
export const forbidden = () =>
  new KeycloakApiError(403, { error: 'HTTP 403 Forbidden' });

/**
 * A path under `/admin/realms/{realm}` that no resource serves, or a malformed query parameter
 * (`first=abc`).
 */
export const methodNotFound = () =>
  new KeycloakApiError(404, { error: 'HTTP 404 Not Found' });

/** A known admin path called with a method it does not serve, or an unknown `/admin/...` path. */
export const methodNotAllowed = () =>
  new KeycloakApiError(405, { error: 'HTTP 405 Method Not Allowed' });

/** A path outside `/admin` that no resource matches. */
export const noResourceMethod = () =>
  new KeycloakApiError(404, {
    error: 'Unable to find matching target resource method',
  });

/** What Keycloak answers when a request fails inside the server (e.g. a `PUT` without a body). */
export const unknownError = () =>
  new KeycloakApiError(500, {
    error: 'unknown_error',
    error_description: 'For more on this error consult the server log.',
  });

/** An admin request body that is not JSON. */
export const unparsableJson = () =>
  new KeycloakApiError(400, {
    error: 'invalid_request',
    error_description: 'Cannot parse the JSON',
  });

/** An OAuth error of the token endpoint (RFC 6749 shape). */
export const oauthError = (
  status: number,
  error: string,
  description: string,
) => new KeycloakApiError(status, { error, error_description: description });

/** Unknown client or wrong secret: Keycloak uses one description for both, with two codes. */
export const INVALID_CLIENT_CREDENTIALS =
  'Invalid client or Invalid client credentials';
