import type { Request } from 'express';
import { AuditorService } from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';
import { UpstreamError } from '../errors';

/** The `entityRef` of a body that did not parse, when it has a string one (at most 300 chars). */
export function rawEntityRef(body: unknown): string | undefined {
  const raw = (typeof body === 'object' && body !== null ? body : {}) as {
    entityRef?: unknown;
  };
  return typeof raw.entityRef === 'string'
    ? raw.entityRef.slice(0, 300)
    : undefined;
}

/** The audit `outcome` of a failed request, from its error. */
export function auditOutcome(error: unknown): string {
  const name = (error as Error)?.name;
  if (name === 'InputError') return 'invalid';
  if (name === 'NotAllowedError') return 'denied';
  if (name === 'ConflictError') return 'conflict';
  if (name === 'NotFoundError') return 'not-found';
  if (error instanceof UpstreamError) return 'upstream-error';
  return 'failed';
}

/**
 * Runs `run` inside one audit event (`severityLevel: medium`): created with `context` as its meta,
 * then `success` with the context as `run` left it, or `fail` with the error and its `outcome`.
 */
export async function audited<T>(
  auditor: AuditorService,
  options: { eventId: string; request?: Request; context: JsonObject },
  run: () => Promise<T>,
): Promise<T> {
  const { eventId, request, context } = options;
  const event = await auditor.createEvent({
    eventId,
    severityLevel: 'medium',
    request,
    meta: { ...context },
  });
  try {
    const result = await run();
    await event.success({ meta: context });
    return result;
  } catch (error) {
    context.outcome = auditOutcome(error);
    await event.fail({ error: error as Error, meta: context });
    throw error;
  }
}
