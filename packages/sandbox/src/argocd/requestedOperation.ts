import { KubeObject } from '../cluster/types';
import { ArgoApiError } from './ArgoApiError';
import {
  applicationSpec,
  ApplicationOperation,
  RevisionHistory,
  RollbackRequest,
  SyncRequest,
} from './applicationTypes';

/**
 * The operation `POST .../sync` sets, as Argo CD's application server builds it: the resolved
 * commit, the request's prune, dry run, strategy and resources, the Application's sync options
 * (or the request's), its source, and who asked.
 */
export function syncOperation(
  app: KubeObject,
  request: SyncRequest,
  revision: string,
  username: string,
): ApplicationOperation {
  const { source, syncOptions } = applicationSpec(app);
  const options = request.syncOptions?.items ?? syncOptions;
  return {
    sync: {
      revision,
      ...(request.prune ? { prune: true } : {}),
      ...(request.dryRun ? { dryRun: true } : {}),
      ...(request.strategy ? { syncStrategy: request.strategy } : {}),
      ...(request.resources?.length ? { resources: request.resources } : {}),
      source,
      ...(options.length > 0 ? { syncOptions: options } : {}),
    },
    initiatedBy: { username },
    retry: {},
  };
}

/**
 * The operation `POST .../rollback` sets: a sync to the revision and source of one history entry
 * with the apply strategy. Refused, in Argo CD's words and codes, while auto-sync is on and for an
 * id the history does not hold.
 */
export function rollbackOperation(
  app: KubeObject,
  request: RollbackRequest,
  username: string,
): ApplicationOperation {
  const { automated, syncOptions } = applicationSpec(app);
  if (automated) {
    throw new ArgoApiError(
      'FailedPrecondition',
      'rollback cannot be initiated when auto-sync is enabled',
    );
  }
  const history: RevisionHistory[] = app.status?.history ?? [];
  const entry = history.find(h => h.id === request.id);
  if (!entry) {
    throw new ArgoApiError(
      'InvalidArgument',
      `application ${app.metadata.name} does not have deployment with id ${request.id}`,
    );
  }
  if (!entry.source || Object.keys(entry.source).length === 0) {
    throw new ArgoApiError(
      'FailedPrecondition',
      'cannot rollback to revision deployed with Argo CD v0.11 or lower. sync to revision instead.',
    );
  }
  return {
    sync: {
      revision: entry.revision,
      ...(request.prune ? { prune: true } : {}),
      ...(request.dryRun ? { dryRun: true } : {}),
      syncStrategy: { apply: {} },
      source: entry.source,
      ...(syncOptions.length > 0 ? { syncOptions } : {}),
    },
    initiatedBy: { username },
    retry: {},
  };
}
