import { ConfigReader } from '@backstage/config';
import { readConfigChoice, requireConfigBlock } from './configValues';

describe('requireConfigBlock', () => {
  it('returns the block at the key', () => {
    const config = new ConfigReader({ opsPortal: { gitops: { branch: 'x' } } });
    expect(
      requireConfigBlock(config, 'opsPortal.gitops', 'publishing').getString(
        'branch',
      ),
    ).toBe('x');
  });

  it('names the key and what it is needed for when it is missing', () => {
    expect(() =>
      requireConfigBlock(
        new ConfigReader({ opsPortal: {} }),
        'opsPortal.gitops',
        'publishing needs repoUrl',
      ),
    ).toThrow("Missing config 'opsPortal.gitops': publishing needs repoUrl");
  });
});

describe('readConfigChoice', () => {
  const read = (value: unknown, choices: readonly string[]) =>
    readConfigChoice(
      new ConfigReader(value === undefined ? {} : { mode: value }),
      'opsPortal.x',
      'mode',
      choices,
      choices[0],
    );

  it.each([
    [undefined, ['commit', 'branch'], 'commit'],
    ['branch', ['commit', 'branch'], 'branch'],
    ['c', ['a', 'b', 'c'], 'c'],
  ])('%j among %j is %j', (value, choices, expected) => {
    expect(read(value, choices)).toBe(expected);
  });

  it.each([
    ['pr', ['commit', 'branch'], "'pr' is neither 'commit' nor 'branch'"],
    ['d', ['a', 'b', 'c'], "'d' is not one of 'a', 'b', 'c'"],
    ['Commit', ['commit', 'branch'], "'Commit' is neither"],
  ])('refuses %j among %j', (value, choices, message) => {
    expect(() => read(value, choices)).toThrow(
      `Invalid config 'opsPortal.x.mode': ${message}`,
    );
  });
});
