import { KubeObject } from '../cluster/types';
import { applicationSpec, SyncRequest } from './applicationTypes';
import { SyncOperation } from './runOperation';

/**
 * Decides whether a reconciliation runs a sync operation: always for an explicit request, and
 * for an automated policy when the Application is OutOfSync. Without selfHeal, Argo CD syncs each
 * new revision once and leaves later drift alone.
 */
export function chooseOperation(options: {
  app: KubeObject;
  revision: string;
  syncStatus: string;
  request?: SyncRequest;
  username?: string;
}): SyncOperation | undefined {
  const { app, request } = options;
  if (request) {
    return {
      revision: request.revision,
      prune: request.prune ?? false,
      dryRun: request.dryRun ?? false,
      initiatedBy: { username: options.username ?? 'admin' },
    };
  }
  const { automated } = applicationSpec(app);
  if (!automated || options.syncStatus === 'Synced') {
    return undefined;
  }
  const last = app.status?.operationState;
  const alreadySynced =
    last?.phase === 'Succeeded' &&
    last?.syncResult?.revision === options.revision;
  if (alreadySynced && !automated.selfHeal) {
    return undefined;
  }
  return {
    prune: automated.prune ?? false,
    dryRun: false,
    initiatedBy: { automated: true },
  };
}
