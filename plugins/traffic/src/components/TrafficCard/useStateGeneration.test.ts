import { renderHook } from '@testing-library/react';
import { useStateGeneration } from './useStateGeneration';

describe('useStateGeneration', () => {
  it.each([
    {
      name: 'stays 0 while loading and for the first version',
      versions: [undefined, undefined, 'a'],
      generations: [0, 0, 0],
    },
    {
      name: 'counts each later version',
      versions: [undefined, 'a', 'a', 'b', 'c'],
      generations: [0, 0, 0, 1, 2],
    },
    {
      name: 'keeps the generation while a re-read is loading',
      versions: ['a', undefined, 'a', 'b'],
      generations: [0, 0, 0, 1],
    },
  ])('$name', ({ versions, generations }) => {
    const { result, rerender } = renderHook(
      (version: string | undefined) => useStateGeneration(version),
      { initialProps: versions[0] },
    );
    const seen = [result.current];
    for (const version of versions.slice(1)) {
      rerender(version);
      seen.push(result.current);
    }
    expect(seen).toEqual(generations);
  });
});
