import { makeStyles } from '@material-ui/core/styles';

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

/** What a line of a unified diff is. */
export type UnifiedDiffLineKind = 'header' | 'added' | 'removed' | 'context';

/**
 * The kind of every line of a unified diff: the file headers (`---`, `+++` before the first hunk)
 * and the hunk headers (`@@`) are `header`; in a hunk, `+` lines are `added`, `-` lines `removed`;
 * anything else (a space line, `diff --git`, `index …`) is `context`.
 */
export function unifiedDiffLineKinds(lines: string[]): UnifiedDiffLineKind[] {
  let inHunk = false;
  return lines.map(line => {
    if (line.startsWith('@@')) {
      inHunk = true;
      return 'header';
    }
    if (!inHunk && /^(---|\+\+\+)/.test(line)) return 'header';
    if (line.startsWith('+')) return 'added';
    if (line.startsWith('-')) return 'removed';
    return 'context';
  });
}

/** The lines of a unified diff text, without the empty line after its last newline. */
export function unifiedDiffTextLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * A unified diff as a card shows it: monospace, added lines green, removed lines red, file and
 * hunk headers muted; it scrolls sideways inside the card. `diff` is the diff's text or its lines.
 */
export function UnifiedDiffView(props: { diff: string | string[] }) {
  const classes = useStyles();
  const lines =
    typeof props.diff === 'string'
      ? unifiedDiffTextLines(props.diff)
      : props.diff;
  const kinds = unifiedDiffLineKinds(lines);
  return (
    <pre className={classes.diff}>
      {lines.map((line, index) => (
        <span
          key={index}
          className={classes[kinds[index]]}
          data-diff-line={kinds[index]}
        >
          {line}
        </span>
      ))}
    </pre>
  );
}
