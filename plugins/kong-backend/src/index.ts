/**
 * The Kong backend plugin of the ops portal: Kong routes, plugins (key settings and warnings)
 * and upstream target health of a catalog entity.
 *
 * @packageDocumentation
 */
export { kongPlugin as default } from './plugin';
