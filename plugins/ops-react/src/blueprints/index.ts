export { OpsCardBlueprint } from './OpsCardBlueprint';
