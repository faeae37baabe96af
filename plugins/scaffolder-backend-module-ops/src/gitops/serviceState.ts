import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { GitCli, GitOpsSettings } from '@internal/plugin-ops-node';

/** What a branch of the GitOps repository holds for one service. */
export type GitOpsServiceState = {
  name: string;
  branch: string;
  /** Repository paths of `services/<name>/**` and `apps/<name>.yaml` that exist. */
  paths: string[];
  /** Text of `services/<name>/catalog-info.yaml`, when it exists. */
  catalogInfo?: string;
  /** Text of `apps/<name>.yaml`, when it exists. */
  application?: string;
};

/** `services/<name>/catalog-info.yaml` */
export const catalogInfoPathOf = (name: string) =>
  `services/${name}/catalog-info.yaml`;
/** `apps/<name>.yaml` */
export const applicationPathOf = (name: string) => `apps/${name}.yaml`;

/** Reads a service's state from a checked-out clone (the publisher's working tree). */
export async function readServiceStateFromWorkTree(
  repo: string,
  name: string,
  branch: string,
): Promise<GitOpsServiceState> {
  const paths: string[] = [];
  async function walk(dir: string, prefix: string): Promise<void> {
    const entries = await fs
      .readdir(dir, { withFileTypes: true })
      .catch(() => []);
    for (const entry of entries) {
      const repoPath = `${prefix}/${entry.name}`;
      if (entry.isDirectory()) {
        await walk(path.join(dir, entry.name), repoPath);
      } else {
        paths.push(repoPath);
      }
    }
  }
  await walk(path.join(repo, 'services', name), `services/${name}`);
  const app = applicationPathOf(name);
  const application = await readText(path.join(repo, app));
  if (application !== undefined) paths.push(app);
  return {
    name,
    branch,
    paths: paths.sort(),
    catalogInfo: await readText(path.join(repo, catalogInfoPathOf(name))),
    application,
  };
}

const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * Reads what branches of the GitOps repository hold for a service, read-only: `ls-remote`, then
 * a shallow clone without checkout and `ls-tree` / `show` of the two paths.
 */
export class GitOpsServiceReader {
  private readonly git: GitCli;

  constructor(
    private readonly settings: GitOpsSettings,
    options: { timeoutMs?: number; signal?: AbortSignal } = {},
  ) {
    this.git = new GitCli({
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      auth: settings.auth,
      signal: options.signal,
    });
  }

  /** The state of `name` on each of `branches` that exists. */
  async read(name: string, branches: string[]): Promise<GitOpsServiceState[]> {
    const { stdout } = await this.git.run([
      'ls-remote',
      '--heads',
      '--',
      this.settings.repoUrl,
      ...branches.map(b => `refs/heads/${b}`),
    ]);
    const existing = new Set(
      stdout
        .split('\n')
        .map(line => line.split('\t')[1]?.replace(/^refs\/heads\//, ''))
        .filter(Boolean),
    );
    const states: GitOpsServiceState[] = [];
    for (const branch of branches.filter(b => existing.has(b))) {
      states.push(await this.readBranch(name, branch));
    }
    return states;
  }

  private async readBranch(
    name: string,
    branch: string,
  ): Promise<GitOpsServiceState> {
    const workDir = await fs.mkdtemp(
      path.join(os.tmpdir(), 'ops-gitops-read-'),
    );
    try {
      const repo = path.join(workDir, 'repo');
      await this.git.run([
        'clone',
        '--quiet',
        '--no-tags',
        '--no-checkout',
        '--depth',
        '1',
        '--single-branch',
        '--branch',
        branch,
        '--',
        this.settings.repoUrl,
        repo,
      ]);
      const app = applicationPathOf(name);
      const listed = await this.git.run(
        [
          'ls-tree',
          '-r',
          '--name-only',
          'HEAD',
          '--',
          `services/${name}/`,
          app,
        ],
        repo,
      );
      const paths = listed.stdout.split('\n').filter(Boolean).sort();
      const show = async (file: string) =>
        paths.includes(file)
          ? (await this.git.run(['show', `HEAD:${file}`], repo)).stdout
          : undefined;
      return {
        name,
        branch,
        paths,
        catalogInfo: await show(catalogInfoPathOf(name)),
        application: await show(app),
      };
    } finally {
      await fs.rm(workDir, { recursive: true, force: true });
    }
  }
}

async function readText(file: string): Promise<string | undefined> {
  const stat = await fs.lstat(file).catch(() => undefined);
  if (!stat?.isFile()) return undefined;
  return fs.readFile(file, 'utf8');
}
