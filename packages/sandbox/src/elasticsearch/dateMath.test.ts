import { DateParseError, parseDateMath, storedDate } from './dateMath';

const now = Date.parse('2026-11-22T09:17:42.123Z');
const at = (value: unknown, roundUp = false, timeZone?: string) =>
  new Date(parseDateMath(value, { roundUp, now, timeZone })).toISOString();

describe('parseDateMath', () => {
  it.each<[unknown, boolean, string]>([
    ['2026-11-22T08:00:00.000Z', false, '2026-11-22T08:00:00.000Z'],
    ['2026-11-22T08:00:00+01:00', false, '2026-11-22T07:00:00.000Z'],
    ['2026-11-22', false, '2026-11-22T00:00:00.000Z'],
    ['2026-11-22', true, '2026-11-22T23:59:59.999Z'],
    ['2026-11', true, '2026-11-01T23:59:59.999Z'],
    ['2026', true, '2026-01-01T23:59:59.999Z'],
    ['2026-11-22T08', true, '2026-11-22T08:59:59.999Z'],
    ['now', false, '2026-11-22T09:17:42.123Z'],
    ['now-1h', false, '2026-11-22T08:17:42.123Z'],
    ['now/d', false, '2026-11-22T00:00:00.000Z'],
    ['now/d', true, '2026-11-22T23:59:59.999Z'],
    ['now-1M/M', false, '2026-10-01T00:00:00.000Z'],
    ['now/w', false, '2026-11-16T00:00:00.000Z'],
    ['2026-11-22||+1d-2h', false, '2026-11-22T22:00:00.000Z'],
    ['2026-01-31||+1M', false, '2026-02-28T00:00:00.000Z'],
    [1795334400000, false, '2026-11-22T08:00:00.000Z'],
    ['1795334400000', false, '2026-11-22T08:00:00.000Z'],
  ])('%s (round up: %s) is %s', (value, roundUp, expected) => {
    expect(at(value, roundUp)).toBe(expected);
  });

  it('applies time_zone to dates without a zone and to rounding', () => {
    expect(at('2026-11-22T09:00:00', false, '+01:00')).toBe(
      '2026-11-22T08:00:00.000Z',
    );
    expect(at('2026-11-22T09:00:00Z', false, '+01:00')).toBe(
      '2026-11-22T09:00:00.000Z',
    );
    expect(at('now/d', false, '-05:00')).toBe('2026-11-22T05:00:00.000Z');
  });

  it.each([
    'yesterday',
    '2026-13-01',
    '2026-02-30',
    'now-1x',
    'now+',
    '22.11.2026',
  ])('refuses %s', value => {
    expect(() => at(value)).toThrow(DateParseError);
  });

  it('reads stored values, NaN for none', () => {
    expect(storedDate('2026-11-22T08:00:00.000Z')).toBe(1795334400000);
    expect(storedDate('nope')).toBeNaN();
  });
});
