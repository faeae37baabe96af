import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { structuredPatch } from 'diff';
import { UnifiedDiffView } from '@internal/plugin-ops-react';
import type {
  TrafficDiffFile,
  TrafficPreview,
} from '@internal/plugin-traffic-common';

/** The unified diff lines of one file: headers, hunk headers, then +/-/space lines. */
export function unifiedDiffLines(file: TrafficDiffFile): string[] {
  const patch = structuredPatch(
    `a/${file.path}`,
    `b/${file.path}`,
    file.before,
    file.after,
    undefined,
    undefined,
    { context: 3 },
  );
  if (patch.hunks.length === 0) return [];
  return [
    `--- a/${file.path}`,
    `+++ b/${file.path}`,
    ...patch.hunks.flatMap(hunk => [
      `@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`,
      ...hunk.lines,
    ]),
  ];
}

function FileDiff(props: { file: TrafficDiffFile }) {
  const lines = unifiedDiffLines(props.file);
  return (
    <Box mt={1} data-testid="traffic-preview-file" data-path={props.file.path}>
      <Typography variant="subtitle2">{props.file.path}</Typography>
      {lines.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          unchanged
        </Typography>
      ) : (
        <UnifiedDiffView diff={lines} />
      )}
    </Box>
  );
}

/** What a save would change: per file (git mode) or object (direct mode), a unified diff. */
export function PreviewDiff(props: { preview: TrafficPreview }) {
  const { preview } = props;
  const changed = [
    preview.change.weights && 'weights',
    preview.change.resilience && 'resilience settings',
  ].filter(Boolean);
  return (
    <Box mt={2} data-testid="traffic-preview">
      <Typography variant="h6">Preview</Typography>
      <Typography variant="body2" color="textSecondary">
        {preview.mode === 'git'
          ? 'Save commits these changes to the GitOps repository; Argo CD applies them.'
          : 'Save writes these changes to the cluster.'}{' '}
        {changed.length > 0
          ? `Changes: ${changed.join(' and ')}.`
          : 'Nothing changes.'}
      </Typography>
      {preview.files.length === 0 ? (
        <Typography variant="body2">No file would change.</Typography>
      ) : (
        preview.files.map(file => <FileDiff key={file.path} file={file} />)
      )}
    </Box>
  );
}
