import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PACKAGE_ROOT } from '../packagePaths';
import { runGit } from './runGit';

/** The identity of the commit that seeds the GitOps repository. */
export const SEED_AUTHOR = {
  name: 'Ops Portal Sandbox',
  email: 'sandbox@ops-portal.local',
};

/** The branch the seed commit lands on and Argo CD Applications track. */
export const DEFAULT_BRANCH = 'main';

/** The seed content shipped with this package. */
export const DEFAULT_SEED_DIR = path.join(PACKAGE_ROOT, 'seed', 'gitops');

async function exists(file: string) {
  return fs
    .stat(file)
    .then(() => true)
    .catch(() => false);
}

/**
 * Creates a bare repository that accepts pushes over HTTP, with one commit on `main` holding the
 * seed directory's files. Does nothing when the repository already exists, unless `reset` is set.
 */
export async function ensureSeededRepository(options: {
  repoPath: string;
  seedDir?: string;
  reset?: boolean;
}): Promise<{ created: boolean }> {
  const { repoPath, reset } = options;
  const seedDir = options.seedDir ?? DEFAULT_SEED_DIR;
  if (reset) {
    await fs.rm(repoPath, { recursive: true, force: true });
  } else if (await exists(path.join(repoPath, 'HEAD'))) {
    return { created: false };
  }
  await fs.mkdir(repoPath, { recursive: true });
  await runGit([
    'init',
    '--quiet',
    '--bare',
    `--initial-branch=${DEFAULT_BRANCH}`,
    repoPath,
  ]);
  await runGit(['-C', repoPath, 'config', 'http.receivepack', 'true']);

  // A throwaway index builds the tree straight from the seed directory, without a work tree clone.
  const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'sandbox-seed-'));
  try {
    const env = {
      GIT_DIR: repoPath,
      GIT_WORK_TREE: seedDir,
      GIT_INDEX_FILE: path.join(scratch, 'index'),
      GIT_AUTHOR_NAME: SEED_AUTHOR.name,
      GIT_AUTHOR_EMAIL: SEED_AUTHOR.email,
      GIT_COMMITTER_NAME: SEED_AUTHOR.name,
      GIT_COMMITTER_EMAIL: SEED_AUTHOR.email,
    };
    await runGit(['add', '--all', '.'], { cwd: seedDir, env });
    const tree = (await runGit(['write-tree'], { cwd: seedDir, env })).trim();
    const commit = (
      await runGit(['commit-tree', tree, '-m', 'Seed the GitOps repository'], {
        cwd: seedDir,
        env,
      })
    ).trim();
    await runGit(['update-ref', `refs/heads/${DEFAULT_BRANCH}`, commit], {
      env,
    });
  } finally {
    await fs.rm(scratch, { recursive: true, force: true });
  }
  return { created: true };
}
