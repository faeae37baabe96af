import { Response } from 'express';
import { LabelSelectorParseError } from '../cluster/labelSelector';
import {
  BadRequestError,
  ConflictError,
  InvalidError,
  NotFoundError,
  ResourceType,
} from '../cluster/types';

/** The `reason` values of a failure Status that the sandbox produces. */
export type StatusReason =
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Invalid'
  | 'Unauthorized'
  | 'Forbidden'
  | 'BadRequest'
  | 'MethodNotAllowed'
  | 'UnsupportedMediaType'
  | 'RequestEntityTooLarge'
  | 'InternalError';

/** The `details` of a Status: which object the failure is about. */
export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: Array<{ reason?: string; message: string; field?: string }>;
}

/** The v1 Status object the API server returns for failures (and for some deletes). */
export interface KubeStatus {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: {};
  status: 'Failure' | 'Success';
  message?: string;
  reason?: StatusReason;
  details?: StatusDetails;
  code: number;
}

const CODES: Record<StatusReason, number> = {
  NotFound: 404,
  AlreadyExists: 409,
  Conflict: 409,
  Invalid: 422,
  Unauthorized: 401,
  Forbidden: 403,
  BadRequest: 400,
  MethodNotAllowed: 405,
  UnsupportedMediaType: 415,
  RequestEntityTooLarge: 413,
  InternalError: 500,
};

/** Builds a failure Status. */
export function failureStatus(
  reason: StatusReason,
  message: string,
  details?: StatusDetails,
): KubeStatus {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    ...(details && { details }),
    code: CODES[reason],
  };
}

/** Sends a Status with its code as the HTTP status. */
export function sendStatus(res: Response, status: KubeStatus): void {
  res.status(status.code).json(status);
}

/** Thrown inside the router for a request the API server would answer with a failure Status. */
export class StatusError extends Error {
  constructor(readonly status: KubeStatus) {
    super(status.message);
    this.name = 'StatusError';
  }
}

/**
 * Maps a store error (or a StatusError) to the Status the API server would return, with
 * details naming the object. Invalid carries the Kind; the others the plural resource, as upstream.
 */
export function statusForError(
  error: unknown,
  resourceType?: ResourceType,
  name?: string,
): KubeStatus {
  const resourceDetails: StatusDetails = {
    ...(name && { name }),
    ...(resourceType?.group && { group: resourceType.group }),
    ...(resourceType && { kind: resourceType.plural }),
  };
  if (error instanceof StatusError) {
    return error.status;
  }
  if (error instanceof NotFoundError) {
    const { details } = error;
    return failureStatus(
      'NotFound',
      error.message,
      details
        ? {
            name: details.name,
            ...(details.group && { group: details.group }),
            kind: details.kind,
          }
        : resourceDetails,
    );
  }
  if (error instanceof BadRequestError) {
    return failureStatus('BadRequest', error.message);
  }
  if (error instanceof ConflictError) {
    return failureStatus(error.reason, error.message, resourceDetails);
  }
  if (error instanceof InvalidError) {
    return failureStatus('Invalid', error.message, {
      ...resourceDetails,
      ...(resourceType && { kind: resourceType.kind }),
      causes: error.causes ?? [
        { reason: 'FieldValueInvalid', message: error.message, field: '<nil>' },
      ],
    });
  }
  if (error instanceof LabelSelectorParseError) {
    return failureStatus('BadRequest', error.message);
  }
  return failureStatus(
    'InternalError',
    String((error as Error)?.message ?? error),
  );
}
