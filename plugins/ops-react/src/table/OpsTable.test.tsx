import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import { render, screen } from '@testing-library/react';
import { OpsTable } from './OpsTable';

describe('OpsTable', () => {
  it('keeps headers on one line, breaks cells only between words and scrolls sideways', () => {
    render(
      <OpsTable aria-label="Routes">
        <TableHead>
          <TableRow>
            <TableCell>Hosts</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          <TableRow>
            <TableCell>/api/driver</TableCell>
          </TableRow>
        </TableBody>
      </OpsTable>,
    );

    const header = screen.getByRole('columnheader', { name: 'Hosts' });
    expect(header).toHaveStyle({ whiteSpace: 'nowrap', wordBreak: 'keep-all' });
    const cell = screen.getByRole('cell', { name: '/api/driver' });
    expect(cell).toHaveStyle({ wordBreak: 'keep-all' });
    expect(cell).not.toHaveStyle({ whiteSpace: 'nowrap' });
    expect(screen.getByRole('table', { name: 'Routes' })).toHaveClass(
      'MuiTable-root',
    );
    expect(screen.getByTestId('ops-table-scroll')).toHaveStyle({
      overflowX: 'auto',
    });
  });
});
