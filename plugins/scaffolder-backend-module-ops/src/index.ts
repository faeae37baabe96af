/**
 * Scaffolder actions of the ops portal.
 *
 * @packageDocumentation
 */
export { scaffolderModuleOps as default } from './module';
