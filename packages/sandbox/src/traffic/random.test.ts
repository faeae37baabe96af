import { SeededRandom, stableFraction } from './random';

describe('SeededRandom', () => {
  it('repeats its sequence for a seed', () => {
    const draw = (seed: number) => {
      const random = new SeededRandom(seed);
      return Array.from({ length: 5 }, () => random.next());
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
    expect(draw(7).every(x => x >= 0 && x < 1)).toBe(true);
  });

  it.each([
    [
      [1, 1],
      [0.5, 0.5],
    ],
    [
      [30, 70],
      [0.3, 0.7],
    ],
    [
      [100, 0],
      [1, 0],
    ],
    [
      [0, 0, 5],
      [0, 0, 1],
    ],
  ])('weightedIndex follows weights %j', (weights, expected) => {
    const random = new SeededRandom(1);
    const counts = weights.map(() => 0);
    for (let i = 0; i < 20_000; i++) counts[random.weightedIndex(weights)]++;
    counts.forEach((count, i) =>
      expect(count / 20_000).toBeCloseTo(expected[i], 1),
    );
  });

  it('weightedIndex is -1 when nothing has weight', () => {
    expect(new SeededRandom(1).weightedIndex([0, 0])).toBe(-1);
  });

  it.each([0.25, 2.5, 10])('stochasticRound(%p) keeps the mean', x => {
    const random = new SeededRandom(3);
    let sum = 0;
    for (let i = 0; i < 10_000; i++) sum += random.stochasticRound(x);
    expect(sum / 10_000).toBeCloseTo(x, 1);
  });

  it('logNormal is centred on its median', () => {
    const random = new SeededRandom(5);
    const draws = Array.from({ length: 10_001 }, () =>
      random.logNormal(20, 0.35),
    ).sort((a, b) => a - b);
    expect(draws[5000]).toBeGreaterThan(19);
    expect(draws[5000]).toBeLessThan(21);
  });
});

describe('stableFraction', () => {
  it('is stable and within [0, 1)', () => {
    expect(stableFraction('nginx-ab/nginx-v1')).toBe(
      stableFraction('nginx-ab/nginx-v1'),
    );
    expect(stableFraction('a')).not.toBe(stableFraction('b'));
    expect(stableFraction('')).toBeGreaterThanOrEqual(0);
    expect(stableFraction('x')).toBeLessThan(1);
  });
});
