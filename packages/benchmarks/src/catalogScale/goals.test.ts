import { pgSearchTerm } from './explain';
import { goalVerdict } from './goals';

describe('goalVerdict', () => {
  it.each([
    [99.9, 100, 'PASS'],
    [100, 100, 'PASS'],
    [100.1, 100, 'MISS'],
    [NaN, 100, 'MISS'],
  ])('p95 %d against %d ms: %s', (p95, goal, verdict) => {
    expect(goalVerdict(p95, goal)).toBe(verdict);
  });
});

describe('pgSearchTerm', () => {
  it.each([
    ['pay', '("pay" | "pay":*)'],
    ['ledger wo', '("ledger" | "ledger":*)&("wo" | "wo":*)'],
    ['a|b:*', '("ab" | "ab":*)'],
    ['  ', ''],
  ])('%j → %s', (term, tsquery) => {
    expect(pgSearchTerm(term)).toBe(tsquery);
  });
});
