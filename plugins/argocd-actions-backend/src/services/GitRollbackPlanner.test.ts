import { InputError, NotImplementedError } from '@backstage/errors';
import {
  GitOpsSettings,
  GitRepositoryWriter,
  UpstreamError,
  gitOpsFailure,
} from '@internal/plugin-ops-node';
import { git } from '@internal/plugin-ops-node/testUtils';
import { driverApplication } from '../__testUtils__/argoApplication';
import {
  GitOpsRepository,
  startGitOpsRepository,
} from '../__testUtils__/gitopsRepository';
import { GitRollbackPlanner } from './GitRollbackPlanner';

jest.setTimeout(60_000);

const MESSAGE = ['Roll back driver', 'Requested-by: user:default/jane'];

describe('GitRollbackPlanner against a real git server', () => {
  let repo: GitOpsRepository;
  const writers: GitRepositoryWriter[] = [];

  beforeAll(async () => {
    repo = await startGitOpsRepository();
  });
  afterAll(() => repo.server.stop());
  beforeEach(() => repo.reset());
  afterEach(async () => {
    await Promise.all(writers.splice(0).map(w => w.dispose()));
  });

  async function planner(settings: Partial<GitOpsSettings> = {}) {
    const full: GitOpsSettings = {
      repoUrl: repo.server.repoUrl,
      branch: 'main',
      publishMode: 'commit',
      fileUrlTemplate: 'http://git.test/{branch}/{path}',
      author: { name: 'Ops Portal', email: 'ops-portal@example.com' },
      ...settings,
    };
    const repository = await GitRepositoryWriter.inTempDir(full, {
      timeoutMs: 30_000,
      failure: gitOpsFailure('Argo CD actions', full.repoUrl),
    });
    writers.push(repository);
    return new GitRollbackPlanner({ repository });
  }

  const app = (options: { path?: string; repoURL?: string } = {}) =>
    driverApplication({
      autoSync: true,
      repoURL: options.repoURL ?? repo.server.repoUrl,
      path: options.path,
      revisions: repo.revisions,
    });

  it('restores the source path exactly as it was, deletes files added since, leaves other paths alone', async () => {
    const plan = await planner();
    const preview = await plan.previewRevert(app(), repo.revisions[0]);
    expect(preview.head).toBe(repo.revisions[2]);
    expect(preview.files.map(f => [f.path, f.change])).toEqual([
      ['services/driver/deploy.yaml', 'modified'],
      ['services/driver/extra.yaml', 'deleted'],
    ]);

    const result = await plan.revert(app(), repo.revisions[0], {
      expectedHead: repo.revisions[2].slice(0, 7),
      message: MESSAGE,
    });
    expect(result).toEqual({
      outcome: 'pushed',
      commit: await repo.head(),
      files: ['services/driver/deploy.yaml', 'services/driver/extra.yaml'],
    });
    const remote = (...args: string[]) => git(args, repo.server.repoPath);
    expect(
      await remote('diff', repo.revisions[0], 'main', '--', 'services/driver/'),
    ).toBe('');
    expect(await remote('rev-parse', 'main^')).toBe(repo.revisions[2]);
    expect(await remote('log', '-1', '--format=%an|%B', 'main')).toBe(
      'Ops Portal|Roll back driver\n\nRequested-by: user:default/jane',
    );
    expect(await repo.file('services/other/app.yaml')).toBe('other: 1');
  });

  it('answers moved, committing nothing, when the head is not the expected one', async () => {
    const plan = await planner();
    const other = await repo.server.commitDirectly('main', 'x.yaml', 'x\n');
    await expect(
      plan.revert(app(), repo.revisions[0], {
        expectedHead: repo.revisions[2],
        message: MESSAGE,
      }),
    ).resolves.toEqual({ outcome: 'moved', head: other });
    expect(await repo.head()).toBe(other);
  });

  it('answers moved when another push wins the race between the read and the push', async () => {
    const plan = await planner();
    let other = '';
    repo.server.beforeReceivePack = async () => {
      other = await repo.server.commitDirectly('main', 'x.yaml', 'x\n');
    };
    const result = await plan.revert(app(), repo.revisions[0], {
      expectedHead: repo.revisions[2],
      message: MESSAGE,
    });
    expect(result).toEqual({ outcome: 'moved', head: other });
    expect(await repo.head()).toBe(other);
  });

  it('answers unchanged when the files already are as at the revision', async () => {
    const plan = await planner();
    await expect(
      plan.revert(app(), repo.revisions[2], {
        expectedHead: repo.revisions[2],
        message: MESSAGE,
      }),
    ).resolves.toEqual({ outcome: 'unchanged', head: repo.revisions[2] });
  });

  it("reports a push the server's hook refuses as a GitOps repository failure", async () => {
    const plan = await planner();
    await repo.server.setPreReceiveHook(
      '#!/bin/sh\necho "main is protected" >&2\nexit 1\n',
    );
    try {
      const error = await plan
        .revert(app(), repo.revisions[0], {
          expectedHead: repo.revisions[2],
          message: MESSAGE,
        })
        .catch(e => e);
      expect(error).toBeInstanceOf(UpstreamError);
      expect(error.message).toMatch(
        /^GitOps repository: push to branch main failed: refused \(.*\): main is protected$/,
      );
      expect(error.message).not.toContain('127.0.0.1');
    } finally {
      await repo.server.setPreReceiveHook('#!/bin/sh\nexit 0\n');
    }
  });

  it('refuses a revision without files under the source path', async () => {
    const plan = await planner();
    const seed = await git(
      ['rev-list', '--max-parents=0', 'main'],
      repo.server.repoPath,
    );
    const error = await plan.previewRevert(app(), seed).catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe(
      `The GitOps repository has no files under services/driver/ at revision ${seed.slice(
        0,
        7,
      )}: a revert to it would delete the Application's manifests`,
    );
  });

  it.each([
    [
      'another repository',
      { repoURL: 'https://git.example.com/other.git' },
      {},
      'Application driver syncs from another repository than the GitOps repository of opsPortal.gitops.repoUrl',
    ],
    [
      'the repository root',
      { path: '.' },
      {},
      'its source path is the root of the GitOps repository, and a revert would put back every file of the repository',
    ],
    [
      'review branches',
      {},
      { publishMode: 'branch' as const },
      'opsPortal.gitops.publishMode is branch, so changes to the GitOps repository go through review and are not pushed to the tracked branch',
    ],
  ])(
    'refuses a revert in %s, without a git command',
    async (_what, source, settings, reason) => {
      const plan = await planner(settings);
      const requests = repo.server.requests.length;
      const error = await plan
        .previewRevert(app(source), repo.revisions[0])
        .catch(e => e);
      expect(error).toBeInstanceOf(NotImplementedError);
      expect(error.message).toBe(
        `Cannot roll back Application driver with a revert commit: ${reason}. It syncs automatically, so Argo CD refuses its own rollback; revert the change in Git, or turn automated sync off and roll back in Argo CD`,
      );
      expect(repo.server.requests.length).toBe(requests);
    },
  );

  it('refuses a revert without a GitOps repository, and compares nothing then', async () => {
    const plan = new GitRollbackPlanner({});
    await expect(plan.previewRevert(app(), repo.revisions[0])).rejects.toThrow(
      'opsPortal.gitops is not configured, so the portal has no GitOps repository',
    );
    await expect(
      plan.compare(app(), repo.revisions[2], repo.revisions[0]),
    ).resolves.toEqual({
      unavailable:
        'opsPortal.gitops is not configured, so the portal has no GitOps repository',
    });
  });

  it('refuses an Application that tracks another revision', async () => {
    const plan = await planner();
    const tagged = app();
    tagged.spec!.source!.targetRevision = 'v1.2.0';
    await expect(plan.previewRevert(tagged, repo.revisions[0])).rejects.toThrow(
      'Application driver tracks revision v1.2.0, not branch main of the GitOps repository',
    );
  });
});
