/**
 * The Argo CD actions model of the ops portal, shared by the Ops tab's Argo CD card and the
 * argocd-actions backend: request and response types and the request schemas of sync, hard
 * refresh, rollback (Argo CD's API or a GitOps revert) and cancel.
 *
 * @packageDocumentation
 */
export * from './types';
export * from './schema';
export * from './responseSchemas';
