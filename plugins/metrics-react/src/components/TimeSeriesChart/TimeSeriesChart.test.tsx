import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen, within } from '@testing-library/react';
import { TimeSeriesChart } from './TimeSeriesChart';

const series = [
  {
    key: 'drivers.driver.00',
    points: [
      [1795348740, 0.01],
      [1795348800, 0.02],
    ] as Array<[number, number | null]>,
  },
  { key: 'v2', points: [[1795348800, null]] as Array<[number, number | null]> },
];

describe('TimeSeriesChart', () => {
  it('lists every series key in the legend and links the query in Prometheus', async () => {
    await renderInTestApp(
      <TimeSeriesChart
        title="Error ratio"
        unit="ratio"
        series={series}
        graphUrl="http://prometheus.example.com/graph?g0.expr=up"
      />,
    );

    const legend = screen.getByRole('list', { name: 'Error ratio legend' });
    expect(
      within(legend)
        .getAllByRole('listitem')
        .map(item => item.textContent),
    ).toEqual(['drivers.driver.00', 'v2']);
    expect(
      screen.getByRole('link', { name: /^Error ratio in Prometheus/ }),
    ).toHaveAttribute('href', 'http://prometheus.example.com/graph?g0.expr=up');
  });

  it('says so when no series has a value', async () => {
    await renderInTestApp(
      <TimeSeriesChart
        title="Requests"
        unit="req/s"
        series={[series[1]]}
        emptyMessage="No requests in the window"
      />,
    );

    expect(screen.getByText('No requests in the window')).toBeInTheDocument();
    expect(screen.queryByRole('list')).not.toBeInTheDocument();
    expect(screen.queryByRole('link')).not.toBeInTheDocument();
  });
});
