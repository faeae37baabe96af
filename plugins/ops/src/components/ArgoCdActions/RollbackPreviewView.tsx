import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type {
  ArgoRollbackFileChange,
  ArgoRollbackPreview,
} from '@internal/plugin-argocd-actions-common';
import { shortSha } from './describe';

const useStyles = makeStyles(theme => ({
  diff: {
    fontFamily: 'monospace',
    fontSize: '0.8rem',
    margin: 0,
    padding: theme.spacing(1),
    overflowX: 'auto',
    background: theme.palette.background.default,
    border: `1px solid ${theme.palette.divider}`,
  },
  added: { background: 'rgba(46, 160, 67, 0.2)', display: 'block' },
  removed: { background: 'rgba(248, 81, 73, 0.2)', display: 'block' },
  header: { color: theme.palette.text.secondary, display: 'block' },
  context: { display: 'block' },
}));

/** How the rollback happens, in one sentence. */
export function describeRollbackMode(preview: ArgoRollbackPreview): string {
  return preview.mode === 'git-revert'
    ? 'A revert commit in Git: auto-sync is on, so the GitOps repository goes back and Argo CD syncs it.'
    : `Argo CD's rollback to history entry ${preview.historyId}: auto-sync is off, so Argo CD deploys the earlier revision itself.`;
}

function FileDiff(props: { file: ArgoRollbackFileChange }) {
  const classes = useStyles();
  const { file } = props;
  const lines = file.diff.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return (
    <Box mt={1} data-testid="argocd-rollback-file" data-path={file.path}>
      <Box display="flex" alignItems="center" gridGap={8}>
        <Typography variant="subtitle2">{file.path}</Typography>
        <Chip size="small" label={file.change} />
      </Box>
      <pre className={classes.diff}>
        {lines.map((line, index) => {
          let className = classes.context;
          if (/^(---|\+\+\+|@@)/.test(line)) className = classes.header;
          else if (line.startsWith('+')) className = classes.added;
          else if (line.startsWith('-')) className = classes.removed;
          return (
            <span key={index} className={className}>
              {line}
            </span>
          );
        })}
      </pre>
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
