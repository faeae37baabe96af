import { GitOpsSettings, GitRepositoryWriter } from '@internal/plugin-ops-node';

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

/**
 * Reads what a commit of the GitOps repository holds for a service: the paths of
 * `services/<name>/**` and `apps/<name>.yaml`, and the text of its catalog-info and Application.
 */
export async function readServiceState(
  repository: GitRepositoryWriter,
  commit: string,
  name: string,
  branch: string,
): Promise<GitOpsServiceState> {
  const app = applicationPathOf(name);
  const files = await repository.listFiles(commit, [`services/${name}/`, app], {
    recursive: true,
  });
  const paths = files.map(f => f.path).sort();
  const read = (file: string) =>
    paths.includes(file) ? repository.readFile(commit, file) : undefined;
  return {
    name,
    branch,
    paths,
    catalogInfo: await read(catalogInfoPathOf(name)),
    application: await read(app),
  };
}

const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * Reads what branches of the GitOps repository hold for a service, read-only: the branch heads,
 * then a shallow fetch of each existing branch into a temporary clone (removed afterwards).
 */
export class GitOpsServiceReader {
  constructor(
    private readonly settings: GitOpsSettings,
    private readonly options: { timeoutMs?: number; signal?: AbortSignal } = {},
  ) {}

  /** The state of `name` on each of `branches` that exists. */
  async read(name: string, branches: string[]): Promise<GitOpsServiceState[]> {
    const repository = await GitRepositoryWriter.inTempDir(this.settings, {
      timeoutMs: this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      signal: this.options.signal,
    });
    try {
      const heads = await repository.remoteHeads(branches);
      const states: GitOpsServiceState[] = [];
      for (const branch of branches.filter(b => heads.has(b))) {
        const commit = await repository.fetchHead(branch);
        states.push(await readServiceState(repository, commit, name, branch));
      }
      return states;
    } finally {
      await repository.dispose();
    }
  }
}
