import {
  ArgoActionResult,
  ArgoCancelRequest,
  ArgoRefreshRequest,
  ArgoSyncRequest,
} from '@internal/plugin-argocd-actions-common';
import { ArgoApplication, ArgoCdClient } from '@internal/plugin-ops-node';
import { ArgoActionConflictError } from '../errors';
import { ArgoActionCaller } from './ArgoActionAudit';
import { ArgoActionContext, ArgoActionRunner } from './ArgoActionRunner';
import { isOperationRunning } from './argoStateView';
import { ArgoStateReader } from './ArgoStateReader';

/** Options of {@link ArgoActionService}. */
export interface ArgoActionServiceOptions {
  runner: ArgoActionRunner;
  reader: ArgoStateReader;
  /** The client with the writer credential. */
  writer: ArgoCdClient;
  refreshTimeoutMs: number;
}

/**
 * Sync, hard refresh and cancel of an entity's Application (`ops.argocd.sync`). Each runs through
 * {@link ArgoActionRunner} (audit, entity, permission, per-Application lock), reads the
 * Application with the read-only credential and calls Argo CD with the writer credential. A sync
 * while an operation runs, or a cancel with none running, is a 409 with the current state and
 * nothing is sent; so is Argo CD's own "another operation is already in progress". The answer is
 * the state after the call: a sync's operation is `Running` (Argo CD works in the background).
 */
export class ArgoActionService {
  constructor(private readonly options: ArgoActionServiceOptions) {}

  /** `POST /sync`: a sync to the Application's target revision, with prune and dry run as asked. */
  sync(
    request: ArgoSyncRequest,
    caller: ArgoActionCaller,
  ): Promise<ArgoActionResult> {
    const { prune, dryRun } = request;
    return this.options.runner.mutate(
      'sync',
      caller,
      request,
      { prune, dryRun },
      async context => {
        const app = await this.options.reader.readApplication(context.target);
        await this.options.runner.refuseWhileRunning(context.target, app);
        const synced = await this.call(context, () =>
          this.options.writer.syncApplication(context.target.application, {
            prune,
            dryRun,
            project: app.spec?.project,
          }),
        );
        return this.result(context, synced);
      },
    );
  }

  /** `POST /refresh`: a hard refresh (Argo CD regenerates the manifests, caches dropped). */
  refresh(
    request: ArgoRefreshRequest,
    caller: ArgoActionCaller,
  ): Promise<ArgoActionResult> {
    return this.options.runner.mutate(
      'refresh',
      caller,
      request,
      { hard: true },
      async context => {
        const app = await this.options.reader.readApplication(context.target);
        const refreshed = await this.call(context, () =>
          this.options.writer.refreshApplication(context.target.application, {
            hard: true,
            project: app.spec?.project,
            timeoutMs: this.options.refreshTimeoutMs,
          }),
        );
        return this.result(context, refreshed);
      },
    );
  }

  /** `POST /cancel`: terminates the running operation. */
  cancel(
    request: ArgoCancelRequest,
    caller: ArgoActionCaller,
  ): Promise<ArgoActionResult> {
    return this.options.runner.mutate(
      'cancel',
      caller,
      request,
      {},
      async context => {
        const { target } = context;
        const app = await this.options.reader.readApplication(target);
        if (!isOperationRunning(app)) {
          const state = await this.options.reader.state(target, app);
          throw new ArgoActionConflictError(
            `No operation is running on Application '${target.application}': there is nothing to cancel`,
            state,
          );
        }
        await this.call(context, () =>
          this.options.writer.terminateOperation(target.application, {
            project: app.spec?.project,
          }),
        );
        return this.result(context);
      },
    );
  }

  /** Calls Argo CD; its conflicts become the 409 with the current state. */
  private async call<T>(
    context: ArgoActionContext,
    send: () => Promise<T>,
  ): Promise<T> {
    try {
      return await send();
    } catch (error) {
      throw await this.options.runner.withState(error, context.target);
    }
  }

  /** The answer: the state of `app` as Argo CD returned it, or read again. */
  private async result(
    context: ArgoActionContext,
    app?: ArgoApplication,
  ): Promise<ArgoActionResult> {
    const state = await this.options.reader.state(context.target, app);
    context.audit.meta.operationPhase = state.operation?.phase ?? null;
    return { state };
  }
}
