import type { Request } from 'express';
import {
  AuditorService,
  AuditorServiceEventSeverityLevel,
  BackstageCredentials,
  BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';
import { UpstreamError } from '@internal/plugin-ops-node';

/** Who asks: a signed-in user, and the HTTP request for the audit log. */
export interface ArgoActionCaller {
  credentials: BackstageCredentials<BackstageUserPrincipal>;
  request?: Request;
}

/** What is audited: the four actions, and the rollback preview when it is refused. */
export type ArgoAuditedAction =
  | 'sync'
  | 'refresh'
  | 'cancel'
  | 'rollback'
  | 'rollback-preview';

/** How far a request got when it failed: which step's refusal the error is. */
export type ArgoActionStage =
  | 'parse'
  | 'resolve'
  | 'configure'
  | 'authorize'
  | 'act';

/**
 * No action is `low`: Backstage logs `low` events at debug level by default
 * (`backend.auditor.severityLogLevelMappings`), so a refused hard refresh would not reach the
 * audit log of a backend logging at info.
 */
const SEVERITY: Record<ArgoAuditedAction, AuditorServiceEventSeverityLevel> = {
  sync: 'medium',
  refresh: 'medium',
  cancel: 'medium',
  rollback: 'high',
  'rollback-preview': 'medium',
};

/**
 * Why a request did not succeed. `refused`: nothing was done (an invalid request, an entity that
 * is not configured or not found, the portal's permission denied, Argo CD's permission denied, a
 * conflict, a rollback that cannot be a revert); `failed`: an upstream or unexpected error.
 */
export function outcomeOf(
  error: unknown,
  stage: ArgoActionStage,
): { outcome: 'refused' | 'failed'; reason: string } {
  const name = (error as Error)?.name;
  const refused = (reason: string) => ({ outcome: 'refused' as const, reason });
  if (name === 'InputError') {
    return refused(stage === 'configure' ? 'not-configured' : 'invalid');
  }
  if (name === 'NotAllowedError') {
    return refused(stage === 'authorize' ? 'denied' : 'argocd-denied');
  }
  if (name === 'ConflictError') return refused('conflict');
  if (name === 'NotFoundError') return refused('not-found');
  if (name === 'NotImplementedError') return refused('unsupported');
  if (error instanceof UpstreamError) {
    return { outcome: 'failed', reason: 'upstream-error' };
  }
  return { outcome: 'failed', reason: 'error' };
}

/** One audited request: its meta, filled in as it goes, and how it ends. */
export interface AuditedAction {
  /** The event's meta; add to it as the request progresses. */
  meta: JsonObject;
  /** The step the request is at, which decides how a failure is classified. */
  stage: ArgoActionStage;
  succeeded(): Promise<void>;
  failed(error: unknown): Promise<void>;
}

/**
 * The audit events of the Argo CD actions, one per request through `coreServices.auditor`:
 * `argocd-sync`, `argocd-refresh`, `argocd-cancel`, `argocd-rollback` (and `argocd-rollback-preview`
 * for a refused preview). Meta: `actor`, `entityRef`, `action`, `options` (prune and dryRun;
 * historyId and expectedRevision), `instance` and `application` once resolved, what the action
 * did (`operationPhase`, `mode`, `fromRevision`, `toRevision`, `commit`, `files`, `syncWarning`),
 * and `outcome`: `succeeded`, or `refused` / `failed` with a `reason`.
 */
export class ArgoActionAudit {
  constructor(private readonly auditor: AuditorService) {}

  async begin(
    action: ArgoAuditedAction,
    caller: ArgoActionCaller,
    meta: JsonObject,
  ): Promise<AuditedAction> {
    const context: JsonObject = {
      actor: caller.credentials.principal.userEntityRef,
      action,
      ...meta,
    };
    const event = await this.auditor.createEvent({
      eventId: `argocd-${action}`,
      severityLevel: SEVERITY[action],
      request: caller.request,
      meta: { ...context },
    });
    const audited: AuditedAction = {
      meta: context,
      stage: 'resolve',
      async succeeded() {
        context.outcome = 'succeeded';
        await event.success({ meta: context });
      },
      async failed(error: unknown) {
        Object.assign(context, outcomeOf(error, audited.stage));
        await event.fail({ error: error as Error, meta: context });
      },
    };
    return audited;
  }

  /**
   * One failed event for a request refused before it did anything, written at once: a body that
   * did not parse, or a rollback preview the caller may not see.
   */
  async refusal(
    action: ArgoAuditedAction,
    caller: ArgoActionCaller,
    meta: JsonObject,
    error: unknown,
    stage: ArgoActionStage,
  ): Promise<void> {
    const audited = await this.begin(action, caller, meta);
    audited.stage = stage;
    await audited.failed(error);
  }
}

/** The audit meta of a body that did not parse: only what can be read from it safely. */
export function rawRequestMeta(body: unknown): JsonObject {
  const raw = (typeof body === 'object' && body !== null ? body : {}) as Record<
    string,
    unknown
  >;
  return {
    entityRef:
      typeof raw.entityRef === 'string' ? raw.entityRef.slice(0, 300) : null,
  };
}
