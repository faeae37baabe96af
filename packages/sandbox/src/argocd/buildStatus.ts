import { KubeObject } from '../cluster/types';
import { Comparison } from './applicationStatus';
import {
  applicationSpec,
  RevisionHistory,
  timestamp,
} from './applicationTypes';
import { OperationResult } from './runOperation';

function nextHistory(
  app: KubeObject,
  operation: OperationResult | undefined,
): RevisionHistory[] {
  const history: RevisionHistory[] = app.status?.history ?? [];
  if (!operation?.deployed) {
    return history;
  }
  // Argo CD adds an entry per successful sync. The stand-in's automated syncs (self-heal
  // re-applies included) add one per deployed revision only.
  const last = history[history.length - 1];
  const automated = 'automated' in operation.initiatedBy;
  if (automated && last?.revision === operation.revision) {
    return history;
  }
  const spec = applicationSpec(app);
  const entry: RevisionHistory = {
    id: last ? last.id + 1 : 0,
    revision: operation.revision,
    deployedAt: timestamp(),
    deployStartedAt: operation.startedAt,
    source: operation.source,
    initiatedBy: operation.initiatedBy,
  };
  return [...history, entry].slice(-spec.historyLimit);
}

/**
 * Builds an Application's `status` the way Argo CD's controller writes it: sync and health,
 * resources, summary, history and the last operation. Fields the stand-in does not know keep their
 * previous values.
 */
export function buildStatus(options: {
  app: KubeObject;
  revision?: string;
  comparison?: Comparison;
  conditions?: string[];
  comparisonError?: string;
  operation?: OperationResult;
}): Record<string, unknown> {
  const { app, comparison, operation } = options;
  const spec = applicationSpec(app);
  const now = timestamp();
  const previous = app.status ?? {};
  const messages = [
    ...(options.comparisonError ? [options.comparisonError] : []),
    ...(options.conditions ?? []),
  ];
  const history = nextHistory(app, operation);
  const operationState = operation?.operationState ?? previous.operationState;
  return {
    resources: comparison?.resources ?? previous.resources ?? [],
    sync: {
      status: comparison ? comparison.syncStatus : 'Unknown',
      comparedTo: { source: spec.source, destination: spec.destination },
      ...(options.revision ? { revision: options.revision } : {}),
    },
    health: {
      status: comparison
        ? comparison.health
        : previous.health?.status ?? 'Unknown',
    },
    ...(history.length > 0 ? { history } : {}),
    ...(operationState ? { operationState } : {}),
    ...(messages.length > 0
      ? {
          conditions: messages.map(message => ({
            type: 'ComparisonError',
            message,
            lastTransitionTime: now,
          })),
        }
      : {}),
    reconciledAt: now,
    sourceType: 'Directory',
    summary: { images: comparison?.images ?? previous.summary?.images ?? [] },
    controllerNamespace: 'argocd',
  };
}
