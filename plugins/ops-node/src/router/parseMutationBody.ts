import {
  BackstageCredentials,
  BackstageUserPrincipal,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { ParseIssues, zodIssueMessages } from '@internal/plugin-ops-common';

/** The request a route handles (an express request). */
export type MutationHttpRequest = Parameters<HttpAuthService['credentials']>[0];

/** The signed-in user who asked for a change, with the request (for the audit). */
export interface MutationCaller {
  credentials: BackstageCredentials<BackstageUserPrincipal>;
  request: MutationHttpRequest;
}

/** A schema that parses a body (a zod schema is one). */
export interface MutationBodySchema<T> {
  safeParse(
    body: unknown,
  ): { success: true; data: T } | { success: false; error: ParseIssues };
}

/** Options of {@link parseMutationBody}. */
export interface ParseMutationBodyOptions<T> {
  httpAuth: HttpAuthService;
  schema: MutationBodySchema<T>;
  /** Audits a body that does not parse, before the 400 is answered. */
  refuseInvalid(
    body: unknown,
    caller: MutationCaller,
    error: InputError,
  ): Promise<void>;
}

/**
 * The caller and the parsed body of a request that changes something: the caller must be a
 * signed-in user (a service or an anonymous caller is refused by `httpAuth`, 401/403); a body that
 * does not parse is an `InputError` (400) with one line per problem (`zodIssueMessages`, joined
 * by `; `), handed to `refuseInvalid` (the audit) before it is thrown.
 */
export async function parseMutationBody<T>(
  req: MutationHttpRequest,
  options: ParseMutationBodyOptions<T>,
): Promise<{ caller: MutationCaller; request: T }> {
  const credentials = await options.httpAuth.credentials(req, {
    allow: ['user'],
  });
  const caller: MutationCaller = { credentials, request: req };
  const parsed = options.schema.safeParse(req.body);
  if (!parsed.success) {
    const error = new InputError(zodIssueMessages(parsed.error).join('; '));
    await options.refuseInvalid(req.body, caller, error);
    throw error;
  }
  return { caller, request: parsed.data };
}
