export { OpsContent } from './OpsContent';
export type { OpsContentCard, OpsContentProps } from './OpsContent';
