import { KubeObject } from '../cluster/types';

/** The namespace Argo CD's Applications live in. */
export const ARGOCD_NAMESPACE = 'argocd';

/** The apiVersion and kind of an Argo CD Application. */
export const APPLICATION_API_VERSION = 'argoproj.io/v1alpha1';

/** How many `status.history` entries Argo CD keeps by default (`spec.revisionHistoryLimit`). */
export const DEFAULT_REVISION_HISTORY_LIMIT = 10;

/** Who started a sync operation, in Argo CD's `initiatedBy` shape. */
export type InitiatedBy = { username: string } | { automated: true };

/** The body of `POST /api/v1/applications/{name}/sync` the stand-in honours. */
export interface SyncRequest {
  revision?: string;
  prune?: boolean;
  dryRun?: boolean;
}

/** One `status.history` entry. */
export interface RevisionHistory {
  id: number;
  revision: string;
  deployedAt: string;
  deployStartedAt: string;
  source: unknown;
  initiatedBy: InitiatedBy;
}

/** Timestamps as Kubernetes and Argo CD write them: RFC 3339, second precision, UTC. */
export function timestamp(date: Date = new Date()): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The fields of `spec` the reconciler reads. */
export function applicationSpec(app: KubeObject) {
  const spec = app.spec ?? {};
  return {
    source: spec.source ?? {},
    destination: spec.destination ?? {},
    automated: spec.syncPolicy?.automated as
      | { prune?: boolean; selfHeal?: boolean }
      | undefined,
    syncOptions: (spec.syncPolicy?.syncOptions ?? []) as string[],
    historyLimit:
      (spec.revisionHistoryLimit as number | undefined) ??
      DEFAULT_REVISION_HISTORY_LIMIT,
  };
}
