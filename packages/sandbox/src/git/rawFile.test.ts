import fs from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { GitOpsWorkspace } from '../testUtils/GitOpsWorkspace';
import { GitServer } from './GitServer';
import { parseRawFileUrl } from './rawFile';
import { runGit } from './runGit';

describe('raw file URLs on the git server', () => {
  let dataDir: string;
  let server: GitServer;
  let workspace: GitOpsWorkspace;

  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'sandbox-raw-'));
    server = await GitServer.start({ dataDir, repository: 'gitops', port: 0 });
    workspace = await GitOpsWorkspace.clone(server.repoUrl);
    await workspace.commitAndPush(
      {
        'services/payments/catalog-info.yaml':
          'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: payments\n',
      },
      'Add payments',
    );
    await runGit([
      '-C',
      workspace.dir,
      'push',
      '--quiet',
      'origin',
      'HEAD:refs/heads/scaffolder/orders',
    ]);
    await workspace.commitAndPush(
      { 'services/payments/catalog-info.yaml': 'changed on main\n' },
      'Change payments on main',
    );
  });

  afterAll(async () => {
    await workspace.remove();
    await server.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  const get = (urlPath: string, init?: RequestInit) =>
    fetch(`${server.baseUrl}${urlPath}`, init);

  // fetch() normalises `.` and `..` away; a raw request sends the path as written.
  const getVerbatim = (urlPath: string) =>
    new Promise<number>((resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port: server.port, path: urlPath }, res => {
          res.resume();
          resolve(res.statusCode ?? 0);
        })
        .on('error', reject);
    });

  it('serves a file at the branch head as text/plain with the blob SHA as ETag', async () => {
    const response = await fetch(server.rawFileUrl('main', 'apps/driver.yaml'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(
      'text/plain; charset=utf-8',
    );
    const expected = await runGit([
      '-C',
      server.repoPath,
      'show',
      'main:apps/driver.yaml',
    ]);
    expect(await response.text()).toBe(expected);
    const sha = (
      await runGit([
        '-C',
        server.repoPath,
        'rev-parse',
        'main:apps/driver.yaml',
      ])
    ).trim();
    expect(response.headers.get('etag')).toBe(`"${sha}"`);

    const unchanged = await get('/gitops/raw/main/apps/driver.yaml', {
      headers: { 'If-None-Match': `"${sha}"` },
    });
    expect(unchanged.status).toBe(304);
  });

  it('follows pushes and accepts the .git suffix and branches with a slash', async () => {
    expect(
      await (
        await get('/gitops.git/raw/main/services/payments/catalog-info.yaml')
      ).text(),
    ).toBe('changed on main\n');
    const onBranch = await get(
      '/gitops/raw/scaffolder/orders/services/payments/catalog-info.yaml',
    );
    expect(onBranch.status).toBe(200);
    expect(await onBranch.text()).toContain('name: payments');
  });

  it.each([
    ['a missing file', '/gitops/raw/main/services/nope/catalog-info.yaml'],
    ['a missing branch', '/gitops/raw/release/apps/driver.yaml'],
    ['a directory', '/gitops/raw/main/apps'],
    ['another repository', '/other/raw/main/apps/driver.yaml'],
  ])('answers 404 for %s', async (_what, urlPath) => {
    const response = await get(urlPath);
    expect(response.status).toBe(404);
    expect(await response.text()).toBe('404: Not Found\n');
  });

  it.each([
    ['a parent component', '/gitops/raw/main/../gitops.git/config'],
    ['an encoded parent component', '/gitops/raw/main/apps/%2e%2e/%2e%2e/HEAD'],
    [
      'an encoded slash hiding a parent',
      '/gitops/raw/main/apps%2F..%2F..%2Fconfig',
    ],
    ['an absolute path', '/gitops/raw/main//etc/passwd'],
    ['a NUL byte', '/gitops/raw/main/apps/driver.yaml%00.txt'],
    ['a dot component', '/gitops/raw/main/./apps/driver.yaml'],
    ['no file', '/gitops/raw/main'],
  ])('answers 400 for %s', async (_what, urlPath) => {
    expect(await getVerbatim(urlPath)).toBe(400);
  });

  it('answers 405 to writes', async () => {
    const response = await get('/gitops/raw/main/apps/driver.yaml', {
      method: 'PUT',
      body: 'x',
    });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
  });

  it('leaves the smart HTTP paths to git', () => {
    expect(
      parseRawFileUrl('/gitops.git/info/refs?service=git-upload-pack'),
    ).toBe(undefined);
    expect(parseRawFileUrl('/gitops/raw/main/a/b.yaml?x=1')).toEqual({
      repository: 'gitops',
      refAndPath: ['main', 'a', 'b.yaml'],
    });
  });
});
