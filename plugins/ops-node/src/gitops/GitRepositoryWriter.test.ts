import fs from 'node:fs/promises';
import { GitHttpTestServer, git } from '../testUtils';
import { GitCli, GitCommandError } from './GitCli';
import { GitRepositoryWriter } from './GitRepositoryWriter';
import { GitOpsSettings } from './readGitOpsConfig';

const TOKEN = 'ghp_writer-token-789';
const BASIC = Buffer.from(`x-access-token:${TOKEN}`).toString('base64');

describe('GitRepositoryWriter against a git http-backend server', () => {
  let server: GitHttpTestServer;
  const writers: GitRepositoryWriter[] = [];

  beforeEach(async () => {
    server = await GitHttpTestServer.start({
      basicAuth: `x-access-token:${TOKEN}`,
    });
  });

  afterEach(async () => {
    await Promise.all(writers.splice(0).map(w => w.dispose()));
    await server.stop();
  });

  function settings(overrides: Partial<GitOpsSettings> = {}): GitOpsSettings {
    return {
      repoUrl: server.repoUrl,
      branch: 'main',
      publishMode: 'commit',
      fileUrlTemplate: 'https://git.example.com/{branch}/{path}',
      author: { name: 'Ops Portal', email: 'ops-portal@example.com' },
      auth: { username: 'x-access-token', token: TOKEN },
      ...overrides,
    };
  }

  async function writer(
    overrides: Partial<GitOpsSettings> = {},
    options: { timeoutMs?: number; failure?: any } = {},
  ) {
    const created = await GitRepositoryWriter.inTempDir(settings(overrides), {
      timeoutMs: options.timeoutMs ?? 30_000,
      failure: options.failure,
    });
    writers.push(created);
    return created;
  }

  const remote = (...args: string[]) => git(args, server.repoPath);

  it('reads files of the fetched branch head', async () => {
    await server.commitDirectly('main', 'apps/a/deploy.yaml', 'kind: A\n');
    const repo = await writer();

    const head = await repo.fetchHead('main');

    expect(head).toBe(await remote('rev-parse', 'main'));
    expect(await repo.readFile(head, 'apps/a/deploy.yaml')).toBe('kind: A\n');
    expect(await repo.readFile(head, 'apps/missing.yaml')).toBeUndefined();
    expect(
      (await repo.listFiles(head, ['apps/'], { recursive: true })).map(
        f => f.path,
      ),
    ).toEqual(['apps/a/deploy.yaml']);
    expect(
      (await repo.listFiles(head, [], { recursive: false })).map(f => f.path),
    ).toEqual(['README.md']);
    expect(await repo.remoteHeads(['main', 'absent'])).toEqual(
      new Map([['main', head]]),
    );
  });

  it('lists the files of a commit once and answers later listings from memory', async () => {
    await server.commitDirectly('main', 'apps/a/deploy.yaml', 'kind: A\n');
    const repo = await writer();
    const head = await repo.fetchHead('main');
    const gitRun = jest.spyOn(GitCli.prototype, 'run');
    try {
      const first = await repo.listFiles(head, ['apps/'], { recursive: true });
      const commandsForFirst = gitRun.mock.calls.length;
      const again = await repo.listFiles(head, ['apps/'], { recursive: true });
      const other = await repo.listFiles(head, [], { recursive: false });

      expect(commandsForFirst).toBe(1);
      expect(again).toEqual(first);
      // Another path set is another listing.
      expect(gitRun).toHaveBeenCalledTimes(2);
      expect(other.map(f => f.path)).toEqual(['README.md']);
    } finally {
      gitRun.mockRestore();
    }
  });

  it('commits writes and removals with the configured author and pushes them', async () => {
    await server.commitDirectly('main', 'old.yaml', 'old\n');
    const repo = await writer();
    const parent = await repo.fetchHead('main');

    const { commit, changedFiles } = await repo.commit({
      parent,
      changes: [
        { path: 'services/x/run.sh', content: '#!/bin/sh\n', mode: '100755' },
        { path: 'README.md', content: Buffer.from('# Changed\n') },
        { path: 'old.yaml', delete: true },
      ],
      message: ['Change x', 'Requested-by: user:default/jane'],
    });

    expect(changedFiles).toEqual([
      'README.md',
      'old.yaml',
      'services/x/run.sh',
    ]);
    expect(await repo.push(commit!, 'main')).toEqual({ outcome: 'pushed' });
    expect(await remote('rev-parse', 'main')).toBe(commit);
    expect(await remote('rev-parse', 'main^')).toBe(parent);
    expect(await remote('log', '-1', '--format=%an <%ae>|%cn|%B', 'main')).toBe(
      'Ops Portal <ops-portal@example.com>|Ops Portal|Change x\n\nRequested-by: user:default/jane',
    );
    expect(await remote('ls-tree', '-r', 'main')).toMatch(
      /^100644 blob \w+\tREADME\.md\n100755 blob \w+\tservices\/x\/run\.sh$/,
    );
    expect(await remote('show', 'main:README.md')).toBe('# Changed');
    // Every request carried the credentials as a header, never in a URL.
    expect(
      server.requests.every(r => r.authorization === `Basic ${BASIC}`),
    ).toBe(true);
    expect(server.requests.some(r => r.path.includes(TOKEN))).toBe(false);
  });

  it('makes no commit when the changes leave the tree as it was', async () => {
    const repo = await writer();
    const parent = await repo.fetchHead('main');

    expect(
      await repo.commit({
        parent,
        changes: [{ path: 'README.md', content: '# GitOps\n' }],
        message: ['Nothing'],
      }),
    ).toEqual({ changedFiles: [] });
  });

  it('fetches an older commit by id, diffs it against the head and restores its files exactly', async () => {
    await server.commitDirectly('main', 'apps/a/deploy.yaml', 'replicas: 1\n');
    const old = await server.commitDirectly(
      'main',
      'apps/a/config.yaml',
      'level: info\n',
    );
    await server.commitDirectly('main', 'apps/a/deploy.yaml', 'replicas: 3\n');
    await server.commitDirectly('main', 'apps/a/extra.yaml', 'kind: Extra\n');
    await server.commitDirectly('main', 'apps/b/other.yaml', 'kind: B\n');
    const repo = await writer();
    const head = await repo.fetchHead('main');

    // The clone is shallow: the older commit is fetched on demand, once.
    await expect(repo.listFiles(old, [], { recursive: true })).rejects.toThrow(
      GitCommandError,
    );
    await repo.fetchCommit(old);
    const fetches = server.requests.length;
    await repo.fetchCommit(old);
    expect(server.requests.length).toBe(fetches);

    const diffs = await repo.diff(head, old, ['apps/a/']);
    expect(diffs.map(({ path, change }) => ({ path, change }))).toEqual([
      { path: 'apps/a/deploy.yaml', change: 'modified' },
      { path: 'apps/a/extra.yaml', change: 'deleted' },
    ]);
    expect(diffs[0].diff).toContain('--- a/apps/a/deploy.yaml');
    expect(diffs[0].diff).toContain('-replicas: 3\n+replicas: 1');
    expect(diffs[1].diff).toContain('-kind: Extra');

    const target = await repo.listFiles(old, ['apps/a/'], { recursive: true });
    const { commit } = await repo.commit({
      parent: head,
      changes: [
        ...target.map(f => ({ path: f.path, blob: f.blob, mode: f.mode })),
        { path: 'apps/a/extra.yaml', delete: true },
      ],
      message: ['Restore apps/a'],
    });
    expect(await repo.push(commit!, 'main')).toEqual({ outcome: 'pushed' });
    expect(await remote('ls-tree', '-r', '--name-only', 'main')).toBe(
      [
        'README.md',
        'apps/a/config.yaml',
        'apps/a/deploy.yaml',
        'apps/b/other.yaml',
      ].join('\n'),
    );
    expect(await remote('diff', old, 'main', '--', 'apps/a/')).toBe('');
    expect(await remote('show', 'main:apps/b/other.yaml')).toBe('kind: B');
  }, 30_000); // five commits by another writer, then fetch, diff, commit and push

  it('refuses to fetch a commit by an abbreviated id', async () => {
    const repo = await writer();
    await expect(repo.fetchCommit('abc1234')).rejects.toThrow(
      "'abc1234' is not a full Git commit id",
    );
  });

  it('pushes a new branch and keeps the base branch', async () => {
    const repo = await writer();
    const parent = await repo.fetchHead('main');
    const { commit } = await repo.commit({
      parent,
      changes: [{ path: 'a.yaml', content: 'a\n' }],
      message: ['Review me'],
    });

    expect(await repo.push(commit!, 'review/a')).toEqual({ outcome: 'pushed' });
    expect(await remote('rev-parse', 'review/a')).toBe(commit);
    expect(await remote('rev-parse', 'main')).toBe(parent);
  });

  it('answers moved, and leaves the branch alone, when another push won after the read', async () => {
    const repo = await writer();
    const parent = await repo.fetchHead('main');
    const { commit } = await repo.commit({
      parent,
      changes: [{ path: 'a.yaml', content: 'a\n' }],
      message: ['Mine'],
    });
    const other = await server.commitDirectly('main', 'b.yaml', 'b\n');

    expect(await repo.push(commit!, 'main')).toEqual({
      outcome: 'moved',
      refused: ['[rejected] (fetch first)'],
      serverMessages: [],
    });
    expect(await remote('rev-parse', 'main')).toBe(other);
  });

  it('lets exactly one of two writers that read the same head push', async () => {
    const [first, second] = [await writer(), await writer()];
    const commits = await Promise.all(
      [first, second].map(async (repo, i) =>
        repo.commit({
          parent: await repo.fetchHead('main'),
          changes: [{ path: 'weights.yaml', content: `weight: ${i}\n` }],
          message: [`Writer ${i}`],
        }),
      ),
    );

    const results = await Promise.all([
      first.push(commits[0].commit!, 'main'),
      second.push(commits[1].commit!, 'main'),
    ]);

    expect(results.map(r => r.outcome).sort()).toEqual(['moved', 'pushed']);
    const winner = results[0].outcome === 'pushed' ? 0 : 1;
    expect(await remote('rev-parse', 'main')).toBe(commits[winner].commit);
  });

  it("answers refused with the server's words when a hook declines the push", async () => {
    await server.setPreReceiveHook(
      '#!/bin/sh\necho "policy: use a pull request" >&2\nexit 1\n',
    );
    const repo = await writer();
    const { commit } = await repo.commit({
      parent: await repo.fetchHead('main'),
      changes: [{ path: 'a.yaml', content: 'a\n' }],
      message: ['Mine'],
    });

    expect(await repo.push(commit!, 'main')).toEqual({
      outcome: 'refused',
      refused: ['[remote rejected] (pre-receive hook declined)'],
      serverMessages: ['policy: use a pull request'],
    });
  });

  it('keeps refused credentials out of the error and hands it to the failure mapper', async () => {
    const wrong = 'wrong-token-456';
    const failure = jest.fn(
      (operation: string, error: GitCommandError) =>
        new Error(`mapped: ${operation}: ${error.message}`),
    );
    const repo = await writer(
      { auth: { username: 'x-access-token', token: wrong } },
      { failure },
    );

    const error: Error = await repo.fetchHead('main').catch(e => e);

    expect(error.message).toMatch(
      /^mapped: fetching branch main: git fetch failed: .*(Authentication failed|could not read Username)/s,
    );
    const raw = failure.mock.calls[0][1];
    for (const text of [error.message, raw.stderr, raw.stdout]) {
      expect(text).not.toContain(wrong);
      expect(text).not.toContain(
        Buffer.from(`x-access-token:${wrong}`).toString('base64'),
      );
    }
  });

  it('fails a command that outlives its timeout', async () => {
    const repo = await writer({}, { timeoutMs: 1_000 });
    const { commit } = await repo.commit({
      parent: await repo.fetchHead('main'),
      changes: [{ path: 'a.yaml', content: 'a\n' }],
      message: ['Slow'],
    });
    server.beforeReceivePack = () =>
      new Promise(resolve => setTimeout(resolve, 3_000));

    const error = await repo.push(commit!, 'main').catch(e => e);

    expect(error).toBeInstanceOf(GitCommandError);
    expect(error.timedOut).toBe(true);
    expect(error.message).toBe('git push failed: timed out after 1000 ms');
  });

  it('removes its temporary directory on dispose', async () => {
    const repo = await writer();
    await repo.fetchHead('main');
    const workDir = (repo as unknown as { options: { workDir: string } })
      .options.workDir;
    expect((await fs.stat(workDir)).isDirectory()).toBe(true);

    await repo.dispose();

    await expect(fs.stat(workDir)).rejects.toThrow(/ENOENT/);
  });
});
