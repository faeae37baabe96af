import { ConflictError, InputError } from '@backstage/errors';
import { JsonObject } from '@backstage/types';
import {
  isOpsNotConfigured,
  OpsNotConfigured,
} from '@internal/plugin-ops-common';
import { ArgoApplication, KeyedMutex } from '@internal/plugin-ops-node';
import { ArgoActionConflictError } from '../errors';
import {
  ArgoActionAudit,
  ArgoActionCaller,
  ArgoAuditedAction,
  AuditedAction,
  rawRequestMeta,
} from './ArgoActionAudit';
import { ArgoAction, ArgoActionAuthorizer } from './ArgoActionAuthorizer';
import { ArgoActionTarget, ArgoActionTargets } from './ArgoActionTargets';
import { requireApplicationOwnership } from './applicationOwnership';
import { isOperationRunning } from './argoStateView';
import { ArgoStateReader } from './ArgoStateReader';

/** What the runner hands an action: its Application and its audit event. */
export interface ArgoActionContext {
  target: ArgoActionTarget;
  audit: AuditedAction;
}

/** Options of {@link ArgoActionRunner}. */
export interface ArgoActionRunnerOptions {
  targets: ArgoActionTargets;
  authorizer: ArgoActionAuthorizer;
  reader: ArgoStateReader;
  audit: ArgoActionAudit;
}

/**
 * The steps every Argo CD action shares, in order: one audit event opened; the entity resolved
 * once through the catalog as the caller (not found is a 404, an entity without a valid
 * `argocd/app-name` a 400 naming the annotation); the caller's permission checked on the entity
 * before Argo CD or the GitOps repository is asked anything (403); the Application read and
 * required to be marked as the entity owner's (`ops-portal/owner`, else 403, so an entity whose
 * annotation names another team's Application reaches nothing); then the action itself, one at
 * a time per Application in this process (replicas are kept apart by Argo CD's "operation in
 * progress" refusal and the rollback's expected revision). The event ends with the outcome.
 */
export class ArgoActionRunner {
  private readonly locks = new KeyedMutex();

  constructor(private readonly options: ArgoActionRunnerOptions) {}

  /** Audits a request whose body did not parse (`refused`, reason `invalid`). */
  refuseInvalid(
    action: ArgoAuditedAction,
    body: unknown,
    caller: ArgoActionCaller,
    error: InputError,
  ): Promise<void> {
    return this.options.audit.refusal(
      action,
      caller,
      rawRequestMeta(body),
      error,
      'parse',
    );
  }

  /** Runs a mutation: audited, resolved, authorized, under the Application's lock. */
  async mutate<T>(
    action: ArgoAction,
    caller: ArgoActionCaller,
    request: { entityRef: string },
    options: JsonObject,
    work: (context: ArgoActionContext) => Promise<T>,
  ): Promise<T> {
    const audit = await this.options.audit.begin(action, caller, {
      entityRef: request.entityRef,
      options,
    });
    try {
      const target = await this.authorized(action, caller, request, audit);
      const result = await this.locks.run(
        `${this.options.reader.instance}/${target.application}`,
        () => work({ target, audit }),
      );
      await audit.succeeded();
      return result;
    } catch (error) {
      await audit.failed(error);
      throw error;
    }
  }

  /**
   * Runs a read that needs a mutation's permission (the rollback preview): resolved and
   * authorized like a mutation, not locked; audited only when refused before it read anything.
   */
  async preview<T>(
    action: ArgoAction,
    caller: ArgoActionCaller,
    request: { entityRef: string },
    options: JsonObject,
    work: (target: ArgoActionTarget) => Promise<T>,
  ): Promise<T> {
    const progress: Pick<AuditedAction, 'meta' | 'stage'> = {
      meta: { entityRef: request.entityRef, options },
      stage: 'resolve',
    };
    let target: ArgoActionTarget;
    try {
      target = await this.authorized(action, caller, request, progress);
    } catch (error) {
      const name = (error as Error).name;
      if (name === 'NotAllowedError' || name === 'InputError') {
        await this.options.audit.refusal(
          `${action}-preview` as ArgoAuditedAction,
          caller,
          progress.meta,
          error,
          progress.stage,
        );
      }
      throw error;
    }
    return work(target);
  }

  /**
   * A ConflictError of Argo CD ("another operation is already in progress", nothing to cancel)
   * as the 409 with the current state; other errors as they are.
   */
  async withState(error: unknown, target: ArgoActionTarget): Promise<unknown> {
    if (!(error instanceof ConflictError)) return error;
    if (error instanceof ArgoActionConflictError) return error;
    return new ArgoActionConflictError(
      error.message,
      await this.options.reader.state(target),
    );
  }

  /** A 409 with the current state when Argo CD still has an operation to do on the Application. */
  async refuseWhileRunning(
    target: ArgoActionTarget,
    app: ArgoApplication,
  ): Promise<void> {
    if (!isOperationRunning(app)) return;
    const state = await this.options.reader.state(target, app);
    throw new ArgoActionConflictError(
      `Argo CD '${state.instance}' is already running an operation on Application '${target.application}' (${state.operation?.phase}); wait for it to finish or cancel it`,
      state,
    );
  }

  private async authorized(
    action: ArgoAction,
    caller: ArgoActionCaller,
    request: { entityRef: string },
    audit: Pick<AuditedAction, 'meta' | 'stage'>,
  ): Promise<ArgoActionTarget> {
    audit.stage = 'resolve';
    const target: ArgoActionTarget | OpsNotConfigured =
      await this.options.targets.resolve(request.entityRef, caller.credentials);
    audit.stage = 'configure';
    if (isOpsNotConfigured(target)) throw new InputError(target.message);
    Object.assign(audit.meta, {
      entityRef: target.entityRef,
      instance: this.options.reader.instance,
      application: target.application,
    });
    audit.stage = 'authorize';
    await this.options.authorizer.authorize(
      action,
      target.entityRef,
      caller.credentials,
    );
    // The entity's annotation can name any Application: it must be marked as the entity owner's.
    // Read with the read-only credential (its refusals count as Argo CD's); a mismatch is the
    // same 403 as a denied permission.
    audit.stage = 'act';
    const app = await this.options.reader.readApplication(target);
    audit.stage = 'authorize';
    requireApplicationOwnership(target, app);
    audit.stage = 'act';
    return target;
  }
}
