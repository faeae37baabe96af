import { InputError } from '@backstage/errors';
import { UserEntity } from '@backstage/catalog-model';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { LoggerService } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { git, GitHttpTestServer } from '@internal/plugin-ops-node/testUtils';
import { createPublishToGitOpsAction } from './publishToGitOps';

// Starts local servers (git, the local platform): room for a loaded 2-core CI machine.
jest.setTimeout(60_000);

const TOKEN = 'glpat-action-token-789';
const OWNER = 'group:default/team-a';

/** The initiator: a member of team-a. */
const member: { ref: string; entity: UserEntity } = {
  ref: 'user:default/mock',
  entity: {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'mock' },
    spec: {},
    relations: [{ type: 'memberOf', targetRef: OWNER }],
  },
};

const catalogInfo = (owner: string) =>
  `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: payments\nspec:\n  type: service\n  owner: ${owner}\n`;

describe('gitops:publish', () => {
  let server: GitHttpTestServer;
  let workspace: string;

  beforeEach(async () => {
    server = await GitHttpTestServer.start({ basicAuth: `bot:${TOKEN}` });
    workspace = await fs.mkdtemp(path.join(os.tmpdir(), 'ops-publish-ws-'));
    for (const [file, content] of [
      ['gitops/services/payments/catalog-info.yaml', 'kind: Component\n'],
      ['gitops/apps/payments.yaml', 'kind: Application\n'],
    ]) {
      await fs.mkdir(path.dirname(path.join(workspace, file)), {
        recursive: true,
      });
      await fs.writeFile(path.join(workspace, file), content);
    }
  });

  afterEach(async () => {
    await server.stop();
    await fs.rm(workspace, { recursive: true, force: true });
  });

  function action(publishMode: 'commit' | 'branch' = 'commit') {
    return createPublishToGitOpsAction({
      config: new ConfigReader({
        opsPortal: {
          gitops: {
            repoUrl: server.repoUrl,
            publishMode,
            fileUrlTemplate:
              'https://git.example.com/platform/gitops/blob/{branch}/{path}',
            token: TOKEN,
            username: 'bot',
          },
        },
      }),
    });
  }

  function taskContext(input: Record<string, string>, dryRun = false) {
    const lines: string[] = [];
    const logger: LoggerService = {
      error: m => lines.push(m),
      warn: m => lines.push(m),
      info: m => lines.push(m),
      debug: m => lines.push(m),
      child: () => logger,
    };
    const ctx = {
      ...createMockActionContext({
        input: {
          sourcePath: 'gitops',
          commitMessage: 'Add service payments',
          serviceName: 'payments',
          catalogInfoPath: 'services/payments/catalog-info.yaml',
          owner: OWNER,
          ...input,
        },
        workspacePath: workspace,
        logger,
        user: member,
      }),
      isDryRun: dryRun,
    };
    const outputs = () =>
      Object.fromEntries((ctx.output as jest.Mock).mock.calls);
    return { ctx, lines, outputs };
  }

  it('publishes the workspace directory and outputs the catalog-info URL', async () => {
    const task = taskContext({});
    await action().handler(task.ctx);

    expect(task.outputs()).toEqual({
      commitHash: await git(['rev-parse', 'main'], server.repoPath),
      branch: 'main',
      mode: 'commit',
      changed: true,
      catalogInfoUrl:
        'https://git.example.com/platform/gitops/blob/main/services/payments/catalog-info.yaml',
      repoUrl: server.repoUrl,
    });
    expect(
      await git(['show', 'main:apps/payments.yaml'], server.repoPath),
    ).toBe(
      'kind: Application\nmetadata:\n  annotations:\n    ops-portal/owner: group:default/team-a',
    );
    const author = await git(
      ['log', '-1', '--format=%an <%ae>%n%(trailers)', 'main'],
      server.repoPath,
    );
    expect(author).toBe(
      'Scaffolder <scaffolder@backstage.io>\nRequested-by: user:default/mock',
    );
    expect(JSON.stringify([task.lines, task.outputs()])).not.toContain(TOKEN);
  });

  it('pushes to scaffolder/<serviceName> in branch mode', async () => {
    const task = taskContext({});
    await action('branch').handler(task.ctx);

    expect(task.outputs()).toMatchObject({
      branch: 'scaffolder/payments',
      mode: 'branch',
      catalogInfoUrl:
        'https://git.example.com/platform/gitops/blob/scaffolder/payments/services/payments/catalog-info.yaml',
    });
    expect(
      await git(['rev-parse', 'scaffolder/payments'], server.repoPath),
    ).toBe(task.outputs().commitHash);
  });

  it('does not touch the remote on a dry run and lists the files', async () => {
    const task = taskContext({}, true);
    await action().handler(task.ctx);

    expect(server.requests).toEqual([]);
    expect(task.outputs()).toMatchObject({
      commitHash: 'dry-run',
      branch: 'main',
      changed: false,
    });
    expect(task.lines).toEqual(
      expect.arrayContaining([
        '  apps/payments.yaml',
        '  services/payments/catalog-info.yaml',
      ]),
    );
  });

  it('refuses a sourcePath outside the workspace', async () => {
    const task = taskContext({ sourcePath: '../' });
    await expect(action().handler(task.ctx)).rejects.toThrow(/outside/);
    expect(server.requests).toEqual([]);
  });

  it('refuses a catalogInfoPath that climbs out of the repository', async () => {
    const task = taskContext({ catalogInfoPath: '../catalog-info.yaml' });
    await expect(action().handler(task.ctx)).rejects.toThrow(
      "catalogInfoPath '../catalog-info.yaml' must be a relative repository path",
    );
  });

  it.each([
    [
      "another owner's service folder",
      'services/payments/catalog-info.yaml',
      catalogInfo('group:default/team-giropops'),
      'owned by group:default/team-giropops',
    ],
    [
      'a service folder without an owner',
      'services/payments/deployment.yaml',
      'kind: Deployment\n',
      'services/payments/ (1 file(s)), with no owner',
    ],
    [
      "another owner's Application file",
      'apps/payments.yaml',
      'kind: Application\nmetadata:\n  name: payments\n  annotations:\n    ops-portal/owner: group:default/team-giropops\n',
      'apps/payments.yaml, owned by group:default/team-giropops',
    ],
  ])(
    'refuses to overwrite %s and pushes nothing',
    async (_what, file, content, message) => {
      const before = await server.commitDirectly('main', file, content);
      const error = await action()
        .handler(taskContext({}).ctx)
        .then(
          () => undefined,
          (e: Error) => e,
        );
      expect(error?.name).toBe('ConflictError');
      expect(error?.message).toContain(
        "The GitOps repository (branch 'main') already has",
      );
      expect(error?.message).toContain(message);
      expect(await git(['rev-parse', 'main'], server.repoPath)).toBe(before);
    },
  );

  it("publishes over the same owner's service folder (an owner's re-run)", async () => {
    await server.commitDirectly(
      'main',
      'services/payments/catalog-info.yaml',
      catalogInfo('team-a'),
    );
    const task = taskContext({});
    await action().handler(task.ctx);
    expect(task.outputs()).toMatchObject({ changed: true });
    expect(
      await git(['show', 'main:apps/payments.yaml'], server.repoPath),
    ).toBe(
      'kind: Application\nmetadata:\n  annotations:\n    ops-portal/owner: group:default/team-a',
    );
  });

  it("refuses files outside the service's own paths before touching the remote", async () => {
    await fs.mkdir(path.join(workspace, 'gitops/services/giropops-senhas'), {
      recursive: true,
    });
    await fs.writeFile(
      path.join(workspace, 'gitops/services/giropops-senhas/deployment.yaml'),
      'kind: Deployment\n',
    );
    await expect(action().handler(taskContext({}).ctx)).rejects.toThrow(
      'gitops:publish writes only services/payments/ and apps/payments.yaml; sourcePath also holds services/giropops-senhas/deployment.yaml',
    );
    expect(server.requests).toEqual([]);
  });

  it('refuses, in a dry run too, a service name that is not a DNS-1123 label', async () => {
    for (const dryRun of [false, true]) {
      await expect(
        action().handler(taskContext({ serviceName: 'Payments' }, dryRun).ctx),
      ).rejects.toThrow(
        new InputError("Service name 'Payments' must be a DNS-1123 label"),
      );
    }
    expect(server.requests).toEqual([]);
  });

  it('refuses in a dry run an owner the initiator is not a member of', async () => {
    await expect(
      action().handler(
        taskContext({ owner: 'group:default/team-giropops' }, true).ctx,
      ),
    ).rejects.toThrow(
      'user:default/mock may not create a service owned by group:default/team-giropops',
    );
    expect(server.requests).toEqual([]);
  });

  it('refuses an owner the initiator is not a member of', async () => {
    await expect(
      action().handler(
        taskContext({ owner: 'group:default/team-giropops' }).ctx,
      ),
    ).rejects.toThrow(
      'user:default/mock may not create a service owned by group:default/team-giropops',
    );
    expect(server.requests).toEqual([]);
  });

  it('refuses an Application manifest marked for another owner before touching the remote', async () => {
    await fs.writeFile(
      path.join(workspace, 'gitops/apps/payments.yaml'),
      'kind: Application\nmetadata:\n  annotations:\n    ops-portal/owner: team-giropops\n',
    );
    await expect(action().handler(taskContext({}).ctx)).rejects.toThrow(
      'apps/payments.yaml is marked as owned by team-giropops, not group:default/team-a',
    );
    expect(server.requests).toEqual([]);
  });
});
