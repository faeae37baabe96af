export { OpsCardBlueprint } from './OpsCardBlueprint';
export type { OpsCardWidth, OpsCardPreload } from './OpsCardBlueprint';
