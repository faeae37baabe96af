import Table, { TableProps } from '@material-ui/core/Table';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles({
  scroll: {
    overflowX: 'auto',
  },
  table: {
    // The Backstage theme lets table cells break anywhere (`word-break: break-word`), which
    // splits headers and paths mid-word in a narrow column; here a column grows to its longest
    // word, headers stay on one line, and the card scrolls sideways when the table is wider.
    '& th, & td': {
      wordBreak: 'keep-all',
      overflowWrap: 'normal',
    },
    '& thead th': {
      whiteSpace: 'nowrap',
    },
  },
});

/**
 * A small table of an Ops card that never breaks a word in the middle: headers stay on one line,
 * cells wrap only between words, and the table scrolls sideways inside the card when it is wider
 * than the card. Takes the props of MUI's `Table`.
 *
 * @public
 */
export function OpsTable(props: TableProps) {
  const classes = useStyles();
  const { className, ...rest } = props;
  return (
    <div className={classes.scroll} data-testid="ops-table-scroll">
      <Table
        size="small"
        {...rest}
        className={[classes.table, className].filter(Boolean).join(' ')}
      />
    </div>
  );
}
