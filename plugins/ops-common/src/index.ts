/**
 * Shared annotations, permissions and pure helpers of the ops portal plugins.
 *
 * @packageDocumentation
 */
export * from './annotations';
export * from './names';
export * from './permissions';
export * from './service/serviceRequest';
export * from './zodIssues';
