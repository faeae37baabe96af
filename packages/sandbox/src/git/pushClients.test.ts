import git from 'isomorphic-git';
import isoHttp from 'isomorphic-git/http/node';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GitOpsWorkspace } from '../testUtils/GitOpsWorkspace';
import { GitServer } from './GitServer';
import { runGit } from './runGit';

const author = { name: 'Scaffolder', email: 'scaffolder@backstage.io' };

describe('pushes to the git server', () => {
  let dataDir: string;
  let workDir: string;
  let server: GitServer;

  beforeEach(async () => {
    dataDir = await fs.promises.mkdtemp(
      path.join(os.tmpdir(), 'sandbox-push-'),
    );
    workDir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'sandbox-iso-'));
    server = await GitServer.start({ dataDir, repository: 'gitops', port: 0 });
  });

  afterEach(async () => {
    await server.stop();
    await fs.promises.rm(dataDir, { recursive: true, force: true });
    await fs.promises.rm(workDir, { recursive: true, force: true });
  });

  /** What the scaffolder's cloneRepo + commitAndPushRepo do, with isomorphic-git over HTTP. */
  async function cloneCommitPush(files: Record<string, string>) {
    const dir = path.join(workDir, `clone-${Date.now()}`);
    await git.clone({
      fs,
      http: isoHttp,
      dir,
      url: server.repoUrl,
      ref: 'main',
      singleBranch: true,
      depth: 1,
    });
    for (const [file, content] of Object.entries(files)) {
      await fs.promises.mkdir(path.dirname(path.join(dir, file)), {
        recursive: true,
      });
      await fs.promises.writeFile(path.join(dir, file), content);
      await git.add({ fs, dir, filepath: file });
    }
    const sha = await git.commit({
      fs,
      dir,
      message: 'Add payments',
      author,
      committer: author,
    });
    await git.push({
      fs,
      http: isoHttp,
      dir,
      remote: 'origin',
      remoteRef: 'refs/heads/main',
    });
    return sha;
  }

  it('accepts a clone, commit and push from isomorphic-git', async () => {
    const sha = await cloneCommitPush({
      'services/payments/catalog-info.yaml': 'kind: Component\n',
      'apps/payments.yaml': 'kind: Application\n',
    });

    const head = await runGit(['-C', server.repoPath, 'rev-parse', 'main']);
    expect(head.trim()).toBe(sha);
    const log = await runGit([
      '-C',
      server.repoPath,
      'log',
      '-1',
      '--format=%an <%ae>|%s',
      'main',
    ]);
    expect(log.trim()).toBe(
      'Scaffolder <scaffolder@backstage.io>|Add payments',
    );
    const raw = await fetch(
      server.rawFileUrl('main', 'services/payments/catalog-info.yaml'),
    );
    expect(await raw.text()).toBe('kind: Component\n');
  });

  it('rejects isomorphic-git pushes while rejectPushes is on, and accepts them after', async () => {
    const before = await runGit(['-C', server.repoPath, 'rev-parse', 'main']);
    await server.rejectPushes('push rejected: repository is read-only');

    const failure = await cloneCommitPush({ 'a.txt': 'a\n' }).then(
      () => undefined,
      e => e,
    );
    expect(failure).toMatchObject({
      code: 'GitPushError',
      message: expect.stringContaining('pre-receive hook declined'),
    });
    expect(await runGit(['-C', server.repoPath, 'rev-parse', 'main'])).toBe(
      before,
    );

    await server.acceptPushes();
    const sha = await cloneCommitPush({ 'b.txt': 'b\n' });
    expect(
      (await runGit(['-C', server.repoPath, 'rev-parse', 'main'])).trim(),
    ).toBe(sha);
  });

  it('rejects git CLI pushes with the message while rejectPushes is on', async () => {
    const workspace = await GitOpsWorkspace.clone(server.repoUrl);
    try {
      await server.rejectPushes();
      const failure = await workspace
        .commitAndPush({ 'c.txt': 'c\n' }, 'Refused')
        .then(
          () => undefined,
          e => e as Error,
        );
      expect(failure?.message).toContain('remote: push rejected');
      expect(failure?.message).toContain('pre-receive hook declined');
      // Reads keep working while pushes are refused.
      const raw = await fetch(server.rawFileUrl('main', 'apps/driver.yaml'));
      expect(raw.status).toBe(200);
    } finally {
      await workspace.remove();
    }
  });
});
