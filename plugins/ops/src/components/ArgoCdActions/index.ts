export { ArgoCdActionBar } from './ArgoCdActionBar';
export type { ArgoCdActionBarProps } from './ArgoCdActionBar';
