import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { LoggerService } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  git,
  GitHttpTestServer,
} from '../gitops/__testUtils__/GitHttpTestServer';
import { createPublishToGitOpsAction } from './publishToGitOps';

const TOKEN = 'glpat-action-token-789';

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
          ...input,
        },
        workspacePath: workspace,
        logger,
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
    ).toBe('kind: Application');
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
});
