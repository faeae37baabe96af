/**
 * Form fields of the ops portal's new-service template, as a frontend module of the scaffolder
 * plugin (new frontend system).
 *
 * @packageDocumentation
 */
export { scaffolderModuleOps as default } from './module';
