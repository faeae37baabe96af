import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { GitOpsSettings } from '@internal/plugin-ops-node';
import { git, GitHttpTestServer } from '@internal/plugin-ops-node/testUtils';
import { GitOpsPublisher, PublishRequest } from './GitOpsPublisher';
import { collectSourceFiles } from './sourceFiles';

const TOKEN = 'ghp_publish-token-123';

describe('GitOpsPublisher against a git http-backend server', () => {
  let server: GitHttpTestServer;
  let source: string;

  beforeEach(async () => {
    server = await GitHttpTestServer.start({
      basicAuth: `x-access-token:${TOKEN}`,
    });
    source = await fs.mkdtemp(path.join(os.tmpdir(), 'ops-gitops-source-'));
    await write('services/payments/deployment.yaml', 'kind: Deployment\n');
    await write('services/payments/catalog-info.yaml', 'kind: Component\n');
    await write('apps/payments.yaml', 'kind: Application\n');
  });

  afterEach(async () => {
    await server.stop();
    await fs.rm(source, { recursive: true, force: true });
  });

  async function write(file: string, content: string) {
    await fs.mkdir(path.dirname(path.join(source, file)), { recursive: true });
    await fs.writeFile(path.join(source, file), content);
  }

  function settings(overrides: Partial<GitOpsSettings> = {}): GitOpsSettings {
    return {
      repoUrl: server.repoUrl,
      branch: 'main',
      publishMode: 'commit',
      fileUrlTemplate: 'https://git.example.com/gitops/blob/{branch}/{path}',
      author: { name: 'Ops Portal', email: 'ops-portal@example.com' },
      auth: { username: 'x-access-token', token: TOKEN },
      ...overrides,
    };
  }

  async function request(targetBranch = 'main'): Promise<PublishRequest> {
    return {
      files: await collectSourceFiles(source),
      targetBranch,
      commitMessage: 'Add service payments',
      catalogInfoPath: 'services/payments/catalog-info.yaml',
      requestedBy: 'user:default/jane',
    };
  }

  const remote = (...args: string[]) => git(args, server.repoPath);

  it('commits all files in one commit and pushes it, authenticated by header', async () => {
    const result = await new GitOpsPublisher(settings()).publish(
      await request(),
    );

    expect(result).toEqual({
      commitHash: await remote('rev-parse', 'main'),
      branch: 'main',
      changed: true,
      changedFiles: [
        'apps/payments.yaml',
        'services/payments/catalog-info.yaml',
        'services/payments/deployment.yaml',
      ],
    });
    expect(await remote('rev-list', '--count', 'main')).toBe('2');
    expect(await remote('show', 'main:services/payments/deployment.yaml')).toBe(
      'kind: Deployment',
    );
    expect(await remote('log', '-1', '--format=%an <%ae>%n%B', 'main')).toBe(
      'Ops Portal <ops-portal@example.com>\nAdd service payments\n\nRequested-by: user:default/jane',
    );
    // Every request carried the credentials as a header; no URL ever held them.
    expect(server.requests.length).toBeGreaterThan(0);
    expect(
      server.requests.every(r => r.authorization?.startsWith('Basic ')),
    ).toBe(true);
    expect(server.requests.some(r => r.path.includes(TOKEN))).toBe(false);
  });

  it('makes no commit when re-run with identical content and reports the head', async () => {
    const first = await new GitOpsPublisher(settings()).publish(
      await request(),
    );
    const again = await new GitOpsPublisher(settings()).publish(
      await request(),
    );

    expect(again).toEqual({
      commitHash: first.commitHash,
      branch: 'main',
      changed: false,
      changedFiles: [],
    });
    expect(await remote('rev-list', '--count', 'main')).toBe('2');
  });

  it('makes exactly one new commit for one changed file', async () => {
    const first = await new GitOpsPublisher(settings()).publish(
      await request(),
    );
    await write(
      'services/payments/deployment.yaml',
      'kind: Deployment\nspec: {}\n',
    );

    const second = await new GitOpsPublisher(settings()).publish(
      await request(),
    );

    expect(second.changedFiles).toEqual(['services/payments/deployment.yaml']);
    expect(await remote('rev-list', '--count', 'main')).toBe('3');
    expect(await remote('rev-parse', 'main~1')).toBe(first.commitHash);
  });

  it('pushes to scaffolder/<service> in branch mode and leaves main alone', async () => {
    const mainBefore = await remote('rev-parse', 'main');
    const publisher = new GitOpsPublisher(settings({ publishMode: 'branch' }));

    const result = await publisher.publish(
      await request('scaffolder/payments'),
    );
    const rerun = await publisher.publish(await request('scaffolder/payments'));

    expect(result).toMatchObject({
      branch: 'scaffolder/payments',
      changed: true,
    });
    expect(await remote('rev-parse', 'scaffolder/payments')).toBe(
      result.commitHash,
    );
    expect(await remote('rev-parse', 'scaffolder/payments~1')).toBe(mainBefore);
    expect(await remote('rev-parse', 'main')).toBe(mainBefore);
    expect(rerun).toEqual({ ...result, changed: false, changedFiles: [] });
  });

  it("explains a push refused by a pre-receive hook with the server's words; the remote is unchanged", async () => {
    const before = await remote('rev-parse', 'main');
    await server.setPreReceiveHook(
      '#!/bin/sh\necho "policy: direct pushes to main need a pull request" >&2\nexit 1\n',
    );

    const error = await new GitOpsPublisher(settings())
      .publish(await request())
      .then(
        () => undefined,
        (e: Error) => e,
      );

    expect(error?.name).toBe('PushRejectedError');
    expect(error?.message).toBe(
      `Push of branch 'main' to ${server.repoUrl} was rejected: [remote rejected] (pre-receive hook declined). Server said: policy: direct pushes to main need a pull request. Nothing was changed in the repository.`,
    );
    expect(await remote('rev-parse', 'main')).toBe(before);
  });

  it('refuses a non-fast-forward push when the branch moved after the clone', async () => {
    let other = '';
    server.beforeReceivePack = async () => {
      other = await server.commitDirectly(
        'main',
        'apps/other.yaml',
        'kind: Application\n',
      );
    };

    const error = await new GitOpsPublisher(settings())
      .publish(await request())
      .then(
        () => undefined,
        (e: Error) => e,
      );

    expect(error?.message).toMatch(
      new RegExp(
        `^Push of branch 'main' to ${server.repoUrl} was rejected: \\[rejected\\] \\(fetch first\\)\\. The branch moved since it was cloned; run the template again\\.`,
      ),
    );
    expect(await remote('rev-parse', 'main')).toBe(other);
  });

  it('keeps the token out of the error when the credentials are refused', async () => {
    const error = await new GitOpsPublisher(
      settings({
        auth: { username: 'x-access-token', token: 'wrong-token-456' },
      }),
    )
      .publish(await request())
      .then(
        () => undefined,
        (e: Error) => e,
      );

    expect(error?.message).toMatch(
      /^git ls-remote failed: .*(Authentication failed|could not read Username)/s,
    );
    expect(error?.message).not.toContain('wrong-token-456');
    expect(error?.message).not.toContain(
      Buffer.from('x-access-token:wrong-token-456').toString('base64'),
    );
  });

  it('requires the catalog-info file to end up in the branch', async () => {
    const bad = {
      ...(await request()),
      catalogInfoPath: 'services/other/catalog-info.yaml',
    };
    await expect(new GitOpsPublisher(settings()).publish(bad)).rejects.toThrow(
      "catalogInfoPath 'services/other/catalog-info.yaml' is neither among the published files nor in branch 'main'",
    );
    expect(await remote('rev-list', '--count', 'main')).toBe('1');
  });
});
