export { RolloutPanel } from './RolloutPanel';
export type { RolloutPanelProps, RolloutsState } from './RolloutPanel';
export { useRollouts } from './useRollouts';
