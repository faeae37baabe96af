import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import type {
  ArgoRollbackFileChange,
  ArgoRollbackPreview,
} from '@internal/plugin-argocd-actions-common';
import { UnifiedDiffView } from '@internal/plugin-ops-react';
import { shortSha } from './describe';

/** How the rollback happens, in one sentence. */
export function describeRollbackMode(preview: ArgoRollbackPreview): string {
  return preview.mode === 'git-revert'
    ? 'A revert commit in Git: auto-sync is on, so the GitOps repository goes back and Argo CD syncs it.'
    : `Argo CD's rollback to history entry ${preview.historyId}: auto-sync is off, so Argo CD deploys the earlier revision itself.`;
}

function FileDiff(props: { file: ArgoRollbackFileChange }) {
  const { file } = props;
  return (
    <Box mt={1} data-testid="argocd-rollback-file" data-path={file.path}>
      <Box display="flex" alignItems="center" gridGap={8}>
        <Typography variant="subtitle2">{file.path}</Typography>
        <Chip size="small" label={file.change} />
      </Box>
      <UnifiedDiffView diff={file.diff} />
    </Box>
  );
}

/**
 * What a rollback would do, before the user confirms: the backend's explanation, the mode (a Git
 * revert or Argo CD's rollback), the revisions and the unified diff of every file that changes.
 */
export function RollbackPreviewView(props: { preview: ArgoRollbackPreview }) {
  const { preview } = props;
  return (
    <Box mt={2} data-testid="argocd-rollback-preview">
      <Typography variant="h6">Preview</Typography>
      <Typography
        variant="body2"
        paragraph
        data-testid="argocd-rollback-explanation"
      >
        {preview.explanation}
      </Typography>
      <Typography
        variant="body2"
        paragraph
        data-testid="argocd-rollback-mode"
        data-mode={preview.mode}
      >
        {describeRollbackMode(preview)}
      </Typography>
      <Typography variant="body2" color="textSecondary">
        From {shortSha(preview.fromRevision)} back to{' '}
        {shortSha(preview.toRevision)}
        {preview.baseRevision
          ? `, on top of the GitOps branch at ${shortSha(preview.baseRevision)}`
          : ''}
        .
      </Typography>
      {preview.files.length === 0 ? (
        <Typography variant="body2">No file changes.</Typography>
      ) : (
        preview.files.map(file => <FileDiff key={file.path} file={file} />)
      )}
    </Box>
  );
}
