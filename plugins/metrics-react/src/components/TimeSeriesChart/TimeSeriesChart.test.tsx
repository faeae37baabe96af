import { renderInTestApp } from '@backstage/frontend-test-utils';
import { act, screen, within } from '@testing-library/react';
import { useState } from 'react';
import * as format from './format';
import { TimeSeriesChart } from './TimeSeriesChart';

jest.mock('./format', () => {
  const actual = jest.requireActual('./format');
  return { ...actual, toChartRows: jest.fn(actual.toChartRows) };
});

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

  const markers = [
    {
      time: 1795348770_000,
      kind: 'sync' as const,
      label: 'Sync a1b2c3d',
      revision: 'a1b2c3d4e5f6',
      author: 'Alice <alice@example.com>',
      message: 'driver 1.4.0',
    },
    {
      time: 1795348790_000,
      kind: 'rollout' as const,
      label: 'Rollout rolled back (v2 at 0%)',
      message: 'All traffic back to v1',
    },
  ];

  it('lists the deploys under the chart, with their details in a tooltip', async () => {
    await renderInTestApp(
      <TimeSeriesChart
        title="Replicas"
        unit="replicas"
        series={series}
        markers={markers}
      />,
    );

    const list = screen.getByRole('list', { name: 'Replicas deploys' });
    const badges = within(list).getAllByTestId('deploy-marker');
    expect(badges.map(b => b.textContent?.replace(/^\d\d:\d\d /, ''))).toEqual([
      'Sync a1b2c3d',
      'Rollout rolled back (v2 at 0%)',
    ]);
    expect(badges[0]).toHaveAttribute(
      'title',
      expect.stringContaining('Sync a1b2c3d at'),
    );
  });

  it('leaves the list to the card when told to', async () => {
    await renderInTestApp(
      <TimeSeriesChart
        title="Requests"
        unit="req/s"
        series={series}
        markers={markers}
        listMarkers={false}
      />,
    );

    expect(screen.queryByRole('list', { name: 'Requests deploys' })).toBeNull();
  });

  it('renders again when its series change, not whenever its card does', async () => {
    const toChartRows = format.toChartRows as jest.Mock;
    let rerenderCard: () => void = () => {};
    let replaceSeries: () => void = () => {};
    function Card() {
      const [, setTick] = useState(0);
      const [shown, setShown] = useState(series);
      rerenderCard = () => setTick(tick => tick + 1);
      replaceSeries = () => setShown([...series]);
      return (
        <TimeSeriesChart title="Requests" unit="replicas" series={shown} />
      );
    }
    await renderInTestApp(<Card />);
    const rowsBuilt = toChartRows.mock.calls.length;
    expect(rowsBuilt).toBeGreaterThan(0);

    await act(async () => rerenderCard());
    expect(toChartRows).toHaveBeenCalledTimes(rowsBuilt);

    await act(async () => replaceSeries());
    expect(toChartRows).toHaveBeenCalledTimes(rowsBuilt + 1);
  });
});
