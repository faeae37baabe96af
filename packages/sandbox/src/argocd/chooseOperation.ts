import { KubeObject } from '../cluster/types';
import { applicationSpec, ApplicationOperation } from './applicationTypes';

/**
 * Decides whether a reconciliation runs an automated sync: for an automated policy when the
 * Application is OutOfSync and no requested operation is pending (Argo CD does not auto-sync while
 * `operation` is set). Without selfHeal, Argo CD syncs each new revision once and leaves later
 * drift alone.
 */
export function chooseAutomatedOperation(options: {
  app: KubeObject;
  revision: string;
  syncStatus: string;
}): ApplicationOperation | undefined {
  const { app } = options;
  const { automated, syncOptions } = applicationSpec(app);
  if (!automated || options.syncStatus === 'Synced' || app.operation) {
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
    sync: {
      revision: options.revision,
      ...(automated.prune ? { prune: true } : {}),
      ...(syncOptions.length > 0 ? { syncOptions } : {}),
    },
    initiatedBy: { automated: true },
    retry: {},
  };
}
