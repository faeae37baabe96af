import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
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

  it('accepts gzip-encoded request bodies, as git sends for large negotiations', async () => {
    const sha = (
      await runGit(['-C', server.repoPath, 'rev-parse', 'main'])
    ).trim();
    const want = `want ${sha}\n`;
    const body = `${(want.length + 4)
      .toString(16)
      .padStart(4, '0')}${want}00000009done\n`;
    const response = await fetch(`${server.repoUrl}/git-upload-pack`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-git-upload-pack-request',
        'Content-Encoding': 'gzip',
      },
      body: gzipSync(body),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(
      'application/x-git-upload-pack-result',
    );
    const result = Buffer.from(await response.arrayBuffer());
    expect(result.subarray(0, 8).toString()).toBe('0008NAK\n');
    expect(result.includes('PACK')).toBe(true);
  });

  it('answers 404 for an unknown repository', async () => {
    const response = await fetch(
      `${server.baseUrl}/nope.git/info/refs?service=git-upload-pack`,
    );
    expect(response.status).toBe(404);
  });
});
