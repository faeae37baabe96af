import type { KongRouteSummary } from '@internal/plugin-kong-common';
import { render, screen, within } from '@testing-library/react';
import { RoutesTable } from './RoutesTable';

const route: KongRouteSummary = {
  name: 'driver.driver.00',
  kongService: 'driver.driver.pnum-80',
  paths: ['/api/driver'],
  hosts: ['driver.example.com'],
  methods: ['GET', 'POST'],
  stripPath: true,
  preserveHost: false,
  protocols: ['http', 'https'],
  backend: { service: 'driver', port: 80 },
};

describe('RoutesTable', () => {
  it('never breaks a header, a path, a host, the methods or the backend mid-word', () => {
    render(<RoutesTable routes={[route]} plugins={[]} />);

    const table = screen.getByRole('table', { name: 'Kong routes' });
    for (const name of ['Hosts', 'Methods', 'Backend', 'Paths']) {
      expect(within(table).getByRole('columnheader', { name })).toHaveStyle({
        whiteSpace: 'nowrap',
      });
    }
    for (const text of [
      '/api/driver',
      'driver.example.com',
      'GET, POST',
      'driver:80',
    ]) {
      expect(within(table).getByRole('cell', { name: text })).toHaveStyle({
        whiteSpace: 'nowrap',
        wordBreak: 'keep-all',
      });
    }
    // The card scrolls sideways rather than squeezing the columns.
    expect(table.parentElement).toHaveStyle({ overflowX: 'auto' });
  });
});
