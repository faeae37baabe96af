import { describeFigure, describeImpactHeading } from './describeDeploy';

describe('describeFigure', () => {
  it.each([
    [
      {
        name: 'requests-per-second',
        before: 10,
        after: 12.5,
        changePercent: 25,
        regressed: false,
      },
      ['10 req/s', '12.5 req/s', '+25 %'],
    ],
    [
      {
        name: 'error-rate',
        before: 0.5,
        after: 0.2,
        changePercent: -60,
        regressed: false,
      },
      ['0.5 %', '0.2 %', '-60 %'],
    ],
    [
      {
        name: 'latency-p95',
        before: null,
        after: 900,
        changePercent: null,
        regressed: true,
      },
      ['–', '900 ms', '–'],
    ],
    [
      {
        name: 'latency-p95',
        before: 120,
        after: 120,
        changePercent: 0,
        regressed: false,
      },
      ['120 ms', '120 ms', '0 %'],
    ],
  ] as const)('%j', (figure, [before, after, change]) => {
    expect(describeFigure(figure)).toEqual({ before, after, change });
  });
});

describe('describeImpactHeading', () => {
  const figure = {
    name: 'error-rate' as const,
    before: 1,
    after: 1,
    changePercent: 0,
    regressed: false,
  };
  it.each([
    [
      {
        label: 'Sync a1b2c3d',
        author: 'Alice <alice@example.com>',
        message: 'driver 1.4.0\n\nbody',
      },
      900,
      'Last deploy: Sync a1b2c3d by Alice (driver 1.4.0), 15 minutes before and after',
    ],
    [
      { label: 'Sync a1b2c3d' },
      300,
      'Last deploy: Sync a1b2c3d, 5 minutes before and after',
    ],
  ])('%j', (marker, windowSeconds, heading) => {
    expect(
      describeImpactHeading({
        marker: { time: 0, kind: 'sync', ...marker },
        windowSeconds,
        figures: [figure],
      }),
    ).toBe(heading);
  });

  it('says when a sync too recent to compare will be', () => {
    expect(
      describeImpactHeading({
        marker: { time: 0, kind: 'sync', label: 'Sync a1b2c3d' },
        windowSeconds: 20,
        figures: [],
      }),
    ).toBe(
      'Last deploy: Sync a1b2c3d: compared once a minute of traffic has passed',
    );
  });
});
