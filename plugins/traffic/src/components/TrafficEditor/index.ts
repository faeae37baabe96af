export { TrafficEditorDialog } from './TrafficEditorDialog';
export type { TrafficEditorDialogProps } from './TrafficEditorDialog';
