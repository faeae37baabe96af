import { markerDetails } from './DeployMarkerList';

describe('markerDetails', () => {
  it.each([
    [
      {
        time: 0,
        kind: 'sync' as const,
        label: 'Sync a1b2c3d',
        revision: 'a1b2c3d4',
        author: 'Alice',
        message: 'driver 1.4.0',
      },
      ['Revision a1b2c3d4', 'By Alice', 'driver 1.4.0'],
    ],
    [
      { time: 0, kind: 'rollout' as const, label: 'Rollout step (v2 at 10%)' },
      [],
    ],
  ])('%j', (marker, rest) => {
    const [first, ...others] = markerDetails(marker);
    expect(first.startsWith(`${marker.label} at `)).toBe(true);
    expect(others).toEqual(rest);
  });
});
