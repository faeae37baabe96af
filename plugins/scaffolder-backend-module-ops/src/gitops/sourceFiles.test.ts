import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  collectSourceFiles,
  digestSourceFiles,
  validateRepoPath,
} from './sourceFiles';

describe('collectSourceFiles', () => {
  let root: string;

  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'ops-source-files-'));
  });
  afterEach(() => fs.rm(root, { recursive: true, force: true }));

  async function write(file: string, content = 'x') {
    await fs.mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await fs.writeFile(path.join(root, file), content);
  }

  it('lists files with repository paths, skipping .git', async () => {
    await write('services/payments/deployment.yaml');
    await write('apps/payments.yaml');
    await write(
      '.git/config',
      '[remote "origin"]\n\turl = https://evil.example.com/x.git\n',
    );
    await write('services/.git', 'gitdir: /elsewhere');

    const files = await collectSourceFiles(root);
    expect(files.map(f => f.repoPath)).toEqual([
      'apps/payments.yaml',
      'services/payments/deployment.yaml',
    ]);
    expect(files[0].absolutePath).toBe(path.join(root, 'apps/payments.yaml'));
  });

  it('refuses symbolic links', async () => {
    await write('apps/payments.yaml');
    await fs.symlink('/etc/passwd', path.join(root, 'apps/passwd'));
    await expect(collectSourceFiles(root)).rejects.toThrow(
      "sourcePath contains 'apps/passwd', which is not a regular file",
    );
  });

  it('refuses an empty or missing directory', async () => {
    await expect(collectSourceFiles(root)).rejects.toThrow(
      'sourcePath contains no files to publish',
    );
    await expect(
      collectSourceFiles(path.join(root, 'missing')),
    ).rejects.toThrow('sourcePath is not a directory');
  });

  it('digests paths and contents', async () => {
    await write('a.yaml', 'one');
    const first = await digestSourceFiles(await collectSourceFiles(root));
    expect(await digestSourceFiles(await collectSourceFiles(root))).toBe(first);
    await write('a.yaml', 'two');
    expect(await digestSourceFiles(await collectSourceFiles(root))).not.toBe(
      first,
    );
  });
});

describe('validateRepoPath', () => {
  it.each([['services/payments/catalog-info.yaml'], ['catalog-info.yaml']])(
    'accepts %s',
    value => {
      expect(validateRepoPath('catalogInfoPath', value)).toBe(value);
    },
  );

  it.each([
    [''],
    ['/etc/passwd'],
    ['../catalog-info.yaml'],
    ['services/../../x'],
    ['services//x'],
    ['./x'],
    ['.git/config'],
    ['services\\x'],
  ])('refuses %j', value => {
    expect(() => validateRepoPath('catalogInfoPath', value)).toThrow(
      `catalogInfoPath '${value}' must be a relative repository path`,
    );
  });
});
