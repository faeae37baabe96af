import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runGit } from '../git/runGit';

const IDENTITY = [
  '-c',
  'user.name=Test Developer',
  '-c',
  'user.email=dev@example.com',
];

/** A working clone of the sandbox's GitOps repository, made with the real git CLI over HTTP. */
export class GitOpsWorkspace {
  private constructor(readonly dir: string) {}

  /** Clones `repoUrl` into a fresh temp directory. */
  static async clone(repoUrl: string): Promise<GitOpsWorkspace> {
    const parent = await fs.mkdtemp(path.join(os.tmpdir(), 'sandbox-clone-'));
    const dir = path.join(parent, 'gitops');
    await runGit(['clone', '--quiet', repoUrl, dir]);
    return new GitOpsWorkspace(dir);
  }

  /** Reads a file of the working tree. */
  read(file: string): Promise<string> {
    return fs.readFile(path.join(this.dir, file), 'utf8');
  }

  /** Writes (string) or deletes (null) files, commits them and pushes to main; returns the SHA. */
  async commitAndPush(
    files: Record<string, string | null>,
    message: string,
  ): Promise<string> {
    for (const [file, content] of Object.entries(files)) {
      const target = path.join(this.dir, file);
      if (content === null) {
        await runGit(['-C', this.dir, 'rm', '--quiet', file]);
      } else {
        await fs.mkdir(path.dirname(target), { recursive: true });
        await fs.writeFile(target, content);
        await runGit(['-C', this.dir, 'add', file]);
      }
    }
    await runGit([
      '-C',
      this.dir,
      ...IDENTITY,
      'commit',
      '--quiet',
      '-m',
      message,
    ]);
    await runGit(['-C', this.dir, 'push', '--quiet', 'origin', 'HEAD:main']);
    return (await runGit(['-C', this.dir, 'rev-parse', 'HEAD'])).trim();
  }

  /** Removes the clone. */
  async remove(): Promise<void> {
    await fs.rm(path.dirname(this.dir), { recursive: true, force: true });
  }
}
