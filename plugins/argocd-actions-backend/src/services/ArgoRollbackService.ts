import { LoggerService } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  ArgoActionResult,
  ArgoRollbackPreview,
  ArgoRollbackPreviewRequest,
  ArgoRollbackRequest,
} from '@internal/plugin-argocd-actions-common';
import {
  ArgoApplication,
  ArgoCdClient,
  ArgoRevisionHistory,
} from '@internal/plugin-ops-node';
import { ArgoActionConflictError } from '../errors';
import { ArgoActionCaller } from './ArgoActionAudit';
import { ArgoActionContext, ArgoActionRunner } from './ArgoActionRunner';
import { ArgoActionTarget } from './ArgoActionTargets';
import { historyRevision, rollbackModeOf } from './argoStateView';
import { ArgoStateReader } from './ArgoStateReader';
import { GitRollbackPlanner } from './GitRollbackPlanner';
import { rollbackCommitMessage, shortRevision } from './rollbackCommitMessage';
import {
  argoCdRollbackExplanation,
  gitRevertExplanation,
} from './rollbackExplanation';

/** Options of {@link ArgoRollbackService}. */
export interface ArgoRollbackServiceOptions {
  runner: ArgoActionRunner;
  reader: ArgoStateReader;
  /** The client with the writer credential. */
  writer: ArgoCdClient;
  planner: GitRollbackPlanner;
  logger: LoggerService;
  /** Links a revert commit (`opsPortal.gitops.commitUrlTemplate`), when configured. */
  commitUrl?: (sha: string) => string | undefined;
}

/** A history entry of the Application, and the revision it deployed. */
interface Chosen {
  entry: ArgoRevisionHistory;
  revision: string;
}

/**
 * Rollback of an entity's Application to a history entry, and its preview
 * (`ops.argocd.rollback`). The mode follows the sync policy ({@link rollbackModeOf}):
 * - `git-revert` (automated sync): a revert commit in the GitOps repository
 *   ({@link GitRollbackPlanner}), pushed only while the branch head is the preview's
 *   `baseRevision` (else 409), then a sync;
 * - `argocd` (manual sync): Argo CD's rollback by history id, only while the Application runs the
 *   preview's `fromRevision` (else 409).
 * A rollback while an operation runs is a 409 with the current state.
 */
export class ArgoRollbackService {
  constructor(private readonly options: ArgoRollbackServiceOptions) {}

  /** `POST /rollback/preview`: what the rollback would change; writes nothing. */
  preview(
    request: ArgoRollbackPreviewRequest,
    caller: ArgoActionCaller,
  ): Promise<ArgoRollbackPreview> {
    return this.options.runner.preview(
      'rollback',
      caller,
      request,
      { historyId: request.historyId },
      async target => {
        const app = await this.options.reader.readApplication(target);
        const { entry, revision } = this.chosen(target, app, request.historyId);
        const mode = rollbackModeOf(app);
        const fromRevision = app.status?.sync?.revision ?? '';
        if (mode === 'git-revert') {
          const plan = await this.options.planner.previewRevert(app, revision);
          return {
            mode,
            historyId: entry.id,
            fromRevision,
            toRevision: revision,
            baseRevision: plan.head,
            files: plan.files,
            explanation: gitRevertExplanation({
              ...plan,
              application: target.application,
              historyId: entry.id,
              revision,
            }),
          };
        }
        const compared = fromRevision
          ? await this.options.planner.compare(app, fromRevision, revision)
          : { unavailable: 'Argo CD reports no revision the Application runs' };
        return {
          mode,
          historyId: entry.id,
          fromRevision,
          toRevision: revision,
          files: 'files' in compared ? compared.files : [],
          explanation: argoCdRollbackExplanation({
            application: target.application,
            historyId: entry.id,
            revision,
            unavailable:
              'unavailable' in compared ? compared.unavailable : undefined,
          }),
        };
      },
    );
  }

  /** `POST /rollback`: rolls back as the preview said, if nothing moved since. */
  rollback(
    request: ArgoRollbackRequest,
    caller: ArgoActionCaller,
  ): Promise<ArgoActionResult> {
    const { historyId, expectedRevision } = request;
    return this.options.runner.mutate(
      'rollback',
      caller,
      request,
      { historyId, expectedRevision },
      async context => {
        const { target, audit } = context;
        const app = await this.options.reader.readApplication(target);
        const chosen = this.chosen(target, app, historyId);
        const mode = rollbackModeOf(app);
        Object.assign(audit.meta, {
          mode,
          fromRevision: app.status?.sync?.revision ?? null,
          toRevision: chosen.revision,
        });
        if (mode !== request.mode) {
          throw new ArgoActionConflictError(
            `Application '${target.application}' ${
              mode === 'git-revert'
                ? 'syncs automatically from Git now'
                : 'no longer syncs automatically'
            }, so the rollback would be ${
              mode === 'git-revert'
                ? 'a revert commit in the GitOps repository'
                : "Argo CD's rollback"
            }, not what was reviewed; review it again`,
            await this.options.reader.state(target, app),
          );
        }
        await this.options.runner.refuseWhileRunning(target, app);
        return mode === 'git-revert'
          ? this.revert(context, app, chosen, request, caller)
          : this.argoCdRollback(context, app, chosen, expectedRevision);
      },
    );
  }

  private async argoCdRollback(
    { target }: ArgoActionContext,
    app: ArgoApplication,
    chosen: Chosen,
    expectedRevision: string,
  ): Promise<ArgoActionResult> {
    const running = app.status?.sync?.revision ?? '';
    if (!running || !running.startsWith(expectedRevision)) {
      throw new ArgoActionConflictError(
        `Application '${target.application}' runs revision ${
          shortRevision(running) || 'unknown'
        }, not ${shortRevision(
          expectedRevision,
        )} as when the rollback was reviewed; review it again`,
        await this.options.reader.state(target, app),
      );
    }
    let rolledBack: ArgoApplication;
    try {
      rolledBack = await this.options.writer.rollbackApplication(
        target.application,
        { id: chosen.entry.id, project: app.spec?.project },
      );
    } catch (error) {
      throw await this.options.runner.withState(error, target);
    }
    const state = await this.options.reader.state(target, rolledBack);
    return { state };
  }

  private async revert(
    { target, audit }: ArgoActionContext,
    app: ArgoApplication,
    chosen: Chosen,
    request: ArgoRollbackRequest,
    caller: ArgoActionCaller,
  ): Promise<ArgoActionResult> {
    const { planner, reader, writer, logger } = this.options;
    const source = planner.source(app);
    const userRef = caller.credentials.principal.userEntityRef;
    const result = await planner.revert(app, chosen.revision, {
      expectedHead: request.expectedRevision,
      message: rollbackCommitMessage({
        entityName: target.entityName,
        entityRef: target.entityRef,
        application: target.application,
        userRef,
        historyId: chosen.entry.id,
        revision: chosen.revision,
        directory: 'dir' in source ? source.dir : '',
      }),
    });
    if (result.outcome === 'moved') {
      throw new ArgoActionConflictError(
        `The branch of the GitOps repository moved since the rollback was reviewed (its head is ${shortRevision(
          result.head,
        )}, not ${shortRevision(
          request.expectedRevision,
        )}); review the rollback again`,
        await reader.state(target, app),
      );
    }
    if (result.outcome === 'unchanged') {
      throw new InputError(
        `The files of Application '${
          target.application
        }' are already as they were at ${shortRevision(
          chosen.revision,
        )}: there is nothing to revert`,
      );
    }
    Object.assign(audit.meta, { commit: result.commit, files: result.files });
    logger.info(
      `Reverted Application ${target.application} of ${target.entityRef} to ${chosen.revision} as commit ${result.commit} (by ${userRef})`,
    );
    // The commit is pushed and cannot be taken back: a refused sync is no failure, automated
    // sync applies the commit at its next poll.
    let synced: ArgoApplication | undefined;
    try {
      synced = await writer.syncApplication(target.application, {
        project: app.spec?.project,
      });
    } catch (error) {
      const warning = `The revert commit is pushed, but asking Argo CD to sync failed: ${
        (error as Error).message
      }; automated sync applies it at its next poll`;
      audit.meta.syncWarning = warning;
      logger.warn(warning);
    }
    const state = await reader.state(target, synced);
    const url = this.options.commitUrl?.(result.commit);
    return {
      state,
      commit: url ? { sha: result.commit, url } : { sha: result.commit },
    };
  }

  /** The history entry `historyId`; a NotFoundError when Argo CD no longer keeps it. */
  private chosen(
    target: ArgoActionTarget,
    app: ArgoApplication,
    historyId: number,
  ): Chosen {
    const entry = app.status?.history?.find(h => h.id === historyId);
    const revision = entry ? historyRevision(entry) : '';
    if (!entry || !revision) {
      throw new NotFoundError(
        `Application '${
          target.application
        }' has no history entry ${historyId} (Argo CD keeps the last ${
          app.status?.history?.length ?? 0
        } deployments)`,
      );
    }
    return { entry, revision };
  }
}
