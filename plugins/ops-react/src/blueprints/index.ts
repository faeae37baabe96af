export { OpsCardBlueprint } from './OpsCardBlueprint';
export type { OpsCardWidth } from './OpsCardBlueprint';
