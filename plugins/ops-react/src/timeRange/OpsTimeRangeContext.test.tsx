import { fireEvent, render, screen } from '@testing-library/react';
import { OpsTimeRangeProvider, useOpsTimeRange } from './OpsTimeRangeContext';
import { OpsTimeRangePicker } from './OpsTimeRangePicker';
import { isOpsTimeRange, timeWindow } from './timeRange';

function WindowProbe() {
  const { window } = useOpsTimeRange();
  return (
    <span data-testid="window">
      {window.range} {window.from.toISOString()} {window.to.toISOString()}
    </span>
  );
}

describe('time window', () => {
  it.each([
    ['15m', '2026-11-22T11:45:00.000Z'],
    ['1h', '2026-11-22T11:00:00.000Z'],
    ['6h', '2026-11-22T06:00:00.000Z'],
    ['24h', '2026-11-21T12:00:00.000Z'],
  ] as const)('%s ends now and starts at %s', (range, from) => {
    const now = new Date('2026-11-22T12:00:00.000Z');
    expect(timeWindow(range, now)).toEqual({
      range,
      from: new Date(from),
      to: now,
    });
  });

  it.each([
    ['1h', true],
    ['2h', false],
    [undefined, false],
    [null, false],
  ])('isOpsTimeRange(%p) is %p', (value, expected) =>
    expect(isOpsTimeRange(value)).toBe(expected),
  );

  it('shares one window between the picker and the cards', () => {
    let clock = new Date('2026-11-22T12:00:00.000Z');
    render(
      <OpsTimeRangeProvider now={() => clock}>
        <OpsTimeRangePicker />
        <WindowProbe />
      </OpsTimeRangeProvider>,
    );
    expect(screen.getByTestId('window')).toHaveTextContent(
      '1h 2026-11-22T11:00:00.000Z 2026-11-22T12:00:00.000Z',
    );
    clock = new Date('2026-11-22T12:05:00.000Z');
    fireEvent.click(screen.getByRole('button', { name: 'Last 15m' }));
    expect(screen.getByTestId('window')).toHaveTextContent(
      '15m 2026-11-22T11:50:00.000Z 2026-11-22T12:05:00.000Z',
    );
    clock = new Date('2026-11-22T12:10:00.000Z');
    fireEvent.click(
      screen.getByRole('button', { name: 'Refresh time window' }),
    );
    expect(screen.getByTestId('window')).toHaveTextContent(
      '15m 2026-11-22T11:55:00.000Z 2026-11-22T12:10:00.000Z',
    );
  });

  it('falls back to the last hour outside the Ops tab', () => {
    render(<WindowProbe />);
    expect(screen.getByTestId('window').textContent).toMatch(/^1h /);
  });
});
