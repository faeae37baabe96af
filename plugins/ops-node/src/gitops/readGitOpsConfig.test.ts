import { ConfigReader } from '@backstage/config';
import { gitOpsCommitUrl, readGitOpsConfig } from './readGitOpsConfig';

const base = {
  repoUrl: 'https://git.example.com/platform/gitops.git',
  fileUrlTemplate:
    'https://git.example.com/platform/gitops/blob/{branch}/{path}',
};
const read = (gitops?: object) =>
  readGitOpsConfig(new ConfigReader(gitops ? { opsPortal: { gitops } } : {}));

describe('readGitOpsConfig', () => {
  it('applies the defaults', () => {
    expect(read(base)).toEqual({
      ...base,
      branch: 'main',
      publishMode: 'commit',
      author: { name: 'Scaffolder', email: 'scaffolder@backstage.io' },
      auth: undefined,
      commitUrlTemplate: undefined,
    });
  });

  it.each<[string | undefined, string | undefined]>([
    [undefined, undefined],
    [
      'https://git.example.com/platform/gitops/commit/{sha}',
      'https://git.example.com/platform/gitops/commit/0f9e8d7c6b5a',
    ],
    [
      'https://x/c/{sha}?from={sha}',
      'https://x/c/0f9e8d7c6b5a?from=0f9e8d7c6b5a',
    ],
  ])('links commit %s as %s', (commitUrlTemplate, url) => {
    const settings = read({ ...base, commitUrlTemplate });
    expect(gitOpsCommitUrl(settings, '0f9e8d7c6b5a')).toBe(url);
  });

  it('reads credentials and the author', () => {
    expect(
      read({
        ...base,
        token: 't0ken',
        author: { name: 'Ops', email: 'ops@example.com' },
        publishMode: 'branch',
      }),
    ).toMatchObject({
      publishMode: 'branch',
      author: { name: 'Ops', email: 'ops@example.com' },
      auth: { username: 'x-access-token', token: 't0ken' },
    });
  });

  it('allows a token over http to a loopback server only', () => {
    expect(
      read({ ...base, repoUrl: 'http://127.0.0.1:7173/gitops.git', token: 't' })
        .auth,
    ).toBeDefined();
    expect(() =>
      read({
        ...base,
        repoUrl: 'http://git.example.com/gitops.git',
        token: 't',
      }),
    ).toThrow('refusing to send the token over plain http to git.example.com');
  });

  it.each([
    [undefined, "Missing config 'opsPortal.gitops'"],
    [
      { ...base, repoUrl: 'git@github.com:acme/gitops.git' },
      "'git@github.com:acme/gitops.git' is not a URL",
    ],
    [
      { ...base, repoUrl: 'ssh://git@github.com/acme/gitops.git' },
      "only http(s) clone URLs are supported, got 'ssh:'",
    ],
    [
      { ...base, repoUrl: 'https://bot:secret@github.com/acme/gitops.git' },
      'it must not contain credentials',
    ],
    [{ ...base, publishMode: 'pr' }, "'pr' is neither 'commit' nor 'branch'"],
    [
      { ...base, fileUrlTemplate: 'https://x/{branch}' },
      'it must contain the {path} placeholder',
    ],
    [{ repoUrl: base.repoUrl }, 'opsPortal.gitops.fileUrlTemplate'],
    [
      { ...base, commitUrlTemplate: 'https://x/commit/' },
      'it must contain the {sha} placeholder',
    ],
    [
      // eslint-disable-next-line no-script-url -- the test checks that a script URL is refused
      { ...base, commitUrlTemplate: 'javascript:alert({sha})' },
      'it must be an http(s) URL',
    ],
  ])('%j fails with %s', (gitops, message) => {
    expect(() => read(gitops)).toThrow(message);
  });
});
