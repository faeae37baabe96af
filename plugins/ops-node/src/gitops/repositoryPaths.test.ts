import { repositoryDirectory, sameRepository } from './repositoryPaths';

describe('sameRepository', () => {
  it.each([
    [
      'https://Git.example.com/platform/gitops.git',
      'https://git.example.com/platform/gitops',
      true,
    ],
    [
      'http://127.0.0.1:7173/gitops.git/',
      'http://127.0.0.1:7173/gitops.git',
      true,
    ],
    [
      'http://127.0.0.1:7173/gitops.git',
      'http://127.0.0.1:9999/gitops.git',
      false,
    ],
    [
      'https://git.example.com/platform/gitops',
      'https://git.example.com/other/gitops',
      false,
    ],
  ])('%s vs %s → %s', (a, b, same) => {
    expect(sameRepository(a, b)).toBe(same);
  });
});

describe('repositoryDirectory', () => {
  it.each([
    ['services/nginx-ab', 'services/nginx-ab'],
    ['./services/nginx-ab/', 'services/nginx-ab'],
    ['.', ''],
    [undefined, ''],
    ['services/../../etc', undefined],
  ])('%s → %s', (input, dir) => {
    expect(repositoryDirectory(input)).toBe(dir);
  });
});
