import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { GitServer } from './GitServer';
import { runGit } from './runGit';
import { SEED_AUTHOR } from './seedRepository';

describe('GitServer', () => {
  let dataDir: string;
  let workDir: string;
  let server: GitServer;

  beforeEach(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'sandbox-git-data-'));
    workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'sandbox-git-work-'));
    server = await GitServer.start({ dataDir, repository: 'gitops', port: 0 });
  });

  afterEach(async () => {
    await server.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
    await fs.rm(workDir, { recursive: true, force: true });
  });

  it('seeds one commit on main with the GitOps content', async () => {
    const log = await runGit([
      '-C',
      server.repoPath,
      'log',
      '--format=%an <%ae>',
      'main',
    ]);
    expect(log.trim().split('\n')).toEqual([
      `${SEED_AUTHOR.name} <${SEED_AUTHOR.email}>`,
    ]);
    const files = await runGit([
      '-C',
      server.repoPath,
      'ls-tree',
      '-r',
      '--name-only',
      'main',
    ]);
    expect(files.split('\n')).toEqual(
      expect.arrayContaining([
        'apps/driver.yaml',
        'services/driver/deployment.yaml',
      ]),
    );
  });

  it('serves clone and push over smart HTTP', async () => {
    const clone = path.join(workDir, 'clone');
    await runGit(['clone', '--quiet', server.repoUrl, clone]);
    await fs.writeFile(path.join(clone, 'NOTES.md'), 'pushed over http\n');
    const identity = [
      '-c',
      'user.name=Test',
      '-c',
      'user.email=test@example.com',
    ];
    await runGit(['-C', clone, 'add', 'NOTES.md']);
    await runGit([
      '-C',
      clone,
      ...identity,
      'commit',
      '--quiet',
      '-m',
      'Add notes',
    ]);
    await runGit(['-C', clone, 'push', '--quiet', 'origin', 'main']);

    const content = await runGit([
      '-C',
      server.repoPath,
      'show',
      'main:NOTES.md',
    ]);
    expect(content).toBe('pushed over http\n');
  });

  it('keeps pushed history across restarts and drops it on reset', async () => {
    const clone = path.join(workDir, 'clone');
    await runGit(['clone', '--quiet', server.repoUrl, clone]);
    await runGit([
      '-C',
      clone,
      '-c',
      'user.name=T',
      '-c',
      'user.email=t@e',
      'commit',
      '--quiet',
      '--allow-empty',
      '-m',
      'x',
    ]);
    await runGit(['-C', clone, 'push', '--quiet', 'origin', 'main']);
    await server.stop();

    server = await GitServer.start({ dataDir, repository: 'gitops', port: 0 });
    const count = async () =>
      (
        await runGit(['-C', server.repoPath, 'rev-list', '--count', 'main'])
      ).trim();
    expect(await count()).toBe('2');
    await server.stop();

    server = await GitServer.start({
      dataDir,
      repository: 'gitops',
      port: 0,
      reset: true,
    });
    expect(await count()).toBe('1');
  });

  it('answers 404 for an unknown repository', async () => {
    const response = await fetch(
      `${server.baseUrl}/nope.git/info/refs?service=git-upload-pack`,
    );
    expect(response.status).toBe(404);
  });
});
