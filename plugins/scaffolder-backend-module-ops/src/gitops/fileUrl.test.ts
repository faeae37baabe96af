import { buildFileUrl } from './fileUrl';

describe('buildFileUrl', () => {
  it.each([
    [
      'https://github.com/acme/gitops/blob/{branch}/{path}',
      'main',
      'services/payments/catalog-info.yaml',
      'https://github.com/acme/gitops/blob/main/services/payments/catalog-info.yaml',
    ],
    [
      'https://github.com/acme/gitops/blob/{branch}/{path}',
      'scaffolder/payments',
      'services/payments/catalog-info.yaml',
      'https://github.com/acme/gitops/blob/scaffolder/payments/services/payments/catalog-info.yaml',
    ],
    [
      'https://gitlab.example.com/acme/gitops/-/blob/{branch}/{path}',
      'main',
      'services/my service/café#1.yaml',
      'https://gitlab.example.com/acme/gitops/-/blob/main/services/my%20service/caf%C3%A9%231.yaml',
    ],
    [
      'http://127.0.0.1:7173/gitops.git/{path}?ref={branch}',
      'main',
      'a/b.yaml',
      'http://127.0.0.1:7173/gitops.git/a/b.yaml?ref=main',
    ],
  ])('%s with %s and %s', (template, branch, repoPath, expected) => {
    expect(buildFileUrl(template, branch, repoPath)).toBe(expected);
  });
});
