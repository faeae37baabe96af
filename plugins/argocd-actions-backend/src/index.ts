/**
 * The Ops tab's Argo CD actions backend: sync, hard refresh, cancel and rollback of an entity's
 * Argo CD Application, permission-checked on the entity and audited.
 *
 * @packageDocumentation
 */
export { argoCdActionsPlugin as default } from './plugin';
