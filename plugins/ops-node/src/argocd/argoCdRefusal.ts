import {
  ConflictError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { UpstreamError } from '../errors/UpstreamError';

/**
 * Argo CD answered a request with an error status: an {@link UpstreamError} (503) that keeps
 * Argo CD's own message apart, so callers can read what Argo CD refused.
 */
export class ArgoCdAnswerError extends UpstreamError {
  constructor(
    message: string,
    upstreamStatus: number,
    /** Argo CD's `message` (or `error`), empty when the body had none. */
    readonly argoMessage: string,
  ) {
    super(message, upstreamStatus);
  }
}

/** What a refused Application call was about, for messages. */
export interface ArgoCdCallContext {
  instance: string;
  application: string;
  /** What the call does, as a verb phrase: `sync`, `roll back`, `read`. */
  action: string;
  /**
   * Whether the request named the Application's project. Without one Argo CD answers 403
   * "permission denied" for an Application that does not exist as well, so as not to tell
   * which Applications exist.
   */
  projectGiven: boolean;
}

/**
 * Argo CD's refusal of a call on one Application in `@backstage/errors` terms (Argo CD's API is
 * grpc-gateway: `FailedPrecondition` and `InvalidArgument` are 400, `PermissionDenied` 403,
 * `NotFound` 404):
 * - 404: NotFoundError, the Application does not exist;
 * - 403: NotAllowedError carrying Argo CD's message (RBAC, a sync window);
 * - 400 "another operation is already in progress": ConflictError;
 * - 400 "No operation is in progress" (terminate): ConflictError;
 * - 400 "rollback cannot be initiated when auto-sync is enabled": ConflictError.
 * Anything else is answered as it is (an {@link UpstreamError}, 503).
 */
export function argoCdRefusal(
  error: unknown,
  call: ArgoCdCallContext,
): unknown {
  if (!(error instanceof ArgoCdAnswerError)) return error;
  const instance = `Argo CD '${call.instance}'`;
  const app = `Application '${call.application}'`;
  const said = error.argoMessage;
  switch (error.upstreamStatus) {
    case 404:
      return new NotFoundError(`${instance} has no ${app}`);
    case 403:
      return new NotAllowedError(
        `${instance} refused to ${call.action} ${app}: ${
          said || 'permission denied'
        }${
          call.projectGiven
            ? ''
            : ' (Argo CD answers so for an Application that does not exist, too)'
        }`,
      );
    case 400:
    case 409:
      if (/another operation is already in progress/i.test(said)) {
        return new ConflictError(
          `${instance} is already running an operation on ${app}`,
        );
      }
      if (/no operation is in progress/i.test(said)) {
        return new ConflictError(
          `${instance} has no operation running on ${app}`,
        );
      }
      if (/auto-sync is enabled/i.test(said)) {
        return new ConflictError(
          `${instance} refused to ${call.action} ${app}: ${said}`,
        );
      }
      return error;
    default:
      return error;
  }
}
