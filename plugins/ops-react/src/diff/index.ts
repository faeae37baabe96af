export {
  UnifiedDiffView,
  unifiedDiffLineKinds,
  unifiedDiffTextLines,
} from './UnifiedDiffView';
export type { UnifiedDiffLineKind } from './UnifiedDiffView';
