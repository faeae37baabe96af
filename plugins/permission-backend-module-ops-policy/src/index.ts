/**
 * The ops portal's permission policy as a module of the permission backend.
 *
 * @packageDocumentation
 */
export { permissionModuleOpsPolicy as default } from './module';
export * from './policy';
