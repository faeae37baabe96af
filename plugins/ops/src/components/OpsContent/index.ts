export { OpsContent } from './OpsContent';
export type { OpsContentProps } from './OpsContent';
