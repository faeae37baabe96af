import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { InputError } from '@backstage/errors';
import { GitCli, GitCommandError } from './GitCli';
import { PushRefusal, readPushRefusal } from './pushRefusal';
import { GitOpsSettings } from './readGitOpsConfig';

/** A file of a commit's tree. */
export type GitTreeFile = {
  /** Repository path, `/`-separated. */
  path: string;
  blob: string;
  /** Git file mode, e.g. `100644`. */
  mode: string;
};

/**
 * One change of {@link GitRepositoryWriter.commit}: a file's new content (its mode defaults to
 * the file's current mode, else `100644`), a blob the clone holds (a file restored exactly as a
 * fetched commit has it, binary or symbolic link alike), or its removal.
 */
export type GitFileChange =
  | { path: string; content: string | Buffer; mode?: string }
  | { path: string; blob: string; mode: string }
  | { path: string; delete: true };

/** One file that differs between two commits, with its unified diff (`git diff`). */
export type GitFileDiff = {
  path: string;
  /** From the first commit to the second. */
  change: 'added' | 'modified' | 'deleted';
  /** The unified diff, headers included (`diff --git …`); `Binary files … differ` for binaries. */
  diff: string;
};

/** `diff-tree --name-status` letters; anything else (`M`, `T`) is a modification. */
const DIFF_STATUS: Record<string, GitFileDiff['change']> = {
  A: 'added',
  D: 'deleted',
};

/** A full commit id (SHA-1 or SHA-256). */
const FULL_COMMIT_ID = /^([0-9a-f]{40}|[0-9a-f]{64})$/;

/** What {@link GitRepositoryWriter.push} did: pushed, or refused with the server's reasons. */
export type GitPushResult =
  | { outcome: 'pushed' }
  | ({ outcome: 'moved' | 'refused' } & Omit<PushRefusal, 'branchMoved'>);

/** Options of {@link GitRepositoryWriter}. */
export type GitRepositoryWriterOptions = {
  /** Directory of the shallow bare clone; created if needed. */
  workDir: string;
  /** Timeout of each git command in milliseconds. */
  timeoutMs: number;
  /** Aborts running commands (e.g. a cancelled scaffolder task). */
  signal?: AbortSignal;
  /** The git runner (tests wrap it); defaults to a {@link GitCli} with the settings' credentials. */
  git?: GitCli;
  /**
   * Turns a failed git command into the caller's error (its message already names no credential);
   * by default the {@link GitCommandError} is thrown as is.
   */
  failure?: (operation: string, error: GitCommandError) => Error;
};

const BLOB_CACHE_SIZE = 500;
const TREE_CACHE_SIZE = 100;

/**
 * The one writer of the GitOps repository of `opsPortal.gitops`: a shallow bare clone (one branch
 * at depth 1, no working tree, so no path of the repository is ever written to disk) that reads
 * files by commit, builds commits with plumbing (a private index and `commit-tree`, author and
 * committer `settings.author`) and pushes them without force. A push is a compare-and-swap on the
 * branch: when the branch moved since the commit's parent was read, the server refuses it and
 * {@link GitRepositoryWriter.push} answers `moved`; nothing is ever overwritten.
 *
 * It only talks to `settings.repoUrl`. Credentials travel as a header through {@link GitCli} and
 * are scrubbed from every message. Commands that change the clone run one at a time; every
 * command has `timeoutMs`.
 */
export class GitRepositoryWriter {
  private readonly git: GitCli;
  private readonly clone: string;
  private initialized = false;
  private tail: Promise<unknown> = Promise.resolve();
  private readonly queuedFetches = new Map<string, Promise<string>>();
  private readonly blobs = new Map<string, string>();
  private readonly trees = new Map<string, GitTreeFile[]>();
  private ownsWorkDir = false;

  /**
   * A writer whose clone lives in a new temporary directory, removed by
   * {@link GitRepositoryWriter.dispose}.
   */
  static async inTempDir(
    settings: GitOpsSettings,
    options: Omit<GitRepositoryWriterOptions, 'workDir'>,
  ): Promise<GitRepositoryWriter> {
    const workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'ops-gitops-'));
    const writer = new GitRepositoryWriter(settings, { ...options, workDir });
    writer.ownsWorkDir = true;
    return writer;
  }

  constructor(
    readonly settings: GitOpsSettings,
    private readonly options: GitRepositoryWriterOptions,
  ) {
    this.git =
      options.git ??
      new GitCli({
        timeoutMs: options.timeoutMs,
        auth: settings.auth,
        signal: options.signal,
      });
    this.clone = path.join(options.workDir, 'repository.git');
  }

  /** The heads of those of `branches` that exist on the server. */
  async remoteHeads(branches: string[]): Promise<Map<string, string>> {
    const output = await this.run(
      [
        'ls-remote',
        '--heads',
        '--',
        this.settings.repoUrl,
        ...branches.map(b => `refs/heads/${b}`),
      ],
      `looking up ${branches.map(b => `branch ${b}`).join(', ')}`,
    );
    const heads = new Map<string, string>();
    for (const line of output.split('\n')) {
      const [commit, ref] = line.split('\t');
      if (ref?.startsWith('refs/heads/')) {
        heads.set(ref.slice('refs/heads/'.length), commit);
      }
    }
    return heads;
  }

  /**
   * Fetches a branch (depth 1) and answers its head commit. Callers that arrive while a fetch of
   * the branch is queued share it (it starts after they asked, so it is fresh for each of them).
   */
  fetchHead(branch: string): Promise<string> {
    let queued = this.queuedFetches.get(branch);
    if (!queued) {
      queued = this.exclusive(async () => {
        this.queuedFetches.delete(branch);
        return this.fetchNow(branch);
      });
      this.queuedFetches.set(branch, queued);
    }
    return queued;
  }

  /**
   * The files at a commit under `paths` (directories end with `/`; none is the repository root),
   * recursively or not. Symbolic links are files of mode `120000`; submodules are left out.
   */
  async listFiles(
    commit: string,
    paths: string[],
    options: { recursive: boolean },
  ): Promise<GitTreeFile[]> {
    // A full commit id names its tree for good: a listing at one is kept (bounded), so reads of
    // an unchanged branch head run no git command for it.
    const key = FULL_COMMIT_ID.test(commit)
      ? JSON.stringify([commit, options.recursive, paths])
      : undefined;
    const cached = key === undefined ? undefined : this.trees.get(key);
    if (cached) return cached;
    const files = await this.listFilesNow(commit, paths, options);
    if (key !== undefined) {
      if (this.trees.size >= TREE_CACHE_SIZE) {
        this.trees.delete(this.trees.keys().next().value!);
      }
      this.trees.set(key, files);
    }
    return files;
  }

  private async listFilesNow(
    commit: string,
    paths: string[],
    options: { recursive: boolean },
  ): Promise<GitTreeFile[]> {
    const output = await this.run(
      [
        'ls-tree',
        '-z',
        ...(options.recursive ? ['-r'] : []),
        commit,
        '--',
        ...paths,
      ],
      `listing ${paths.join(', ') || 'the repository root'} at ${commit.slice(
        0,
        12,
      )}`,
    );
    return parseTree(output);
  }

  /** The blob ids of files at a commit; a missing file has no entry. */
  async fileBlobs(
    commit: string,
    paths: string[],
  ): Promise<Map<string, string>> {
    const files = await this.entries(commit, paths);
    return new Map([...files].map(([file, entry]) => [file, entry.blob]));
  }

  /**
   * Makes a commit of the repository readable in the clone (`listFiles`, `readFile`, `diff`,
   * a blob change of `commit`): nothing when the clone has it, else a fetch of that one commit at
   * depth 1 (git's protocol v2 fetches any commit by id; the servers the portal supports speak
   * it). `commit` must be a full commit id.
   */
  async fetchCommit(commit: string): Promise<void> {
    if (!FULL_COMMIT_ID.test(commit)) {
      throw new InputError(
        `'${commit.slice(0, 80)}' is not a full Git commit id`,
      );
    }
    await this.exclusive(async () => {
      await this.init();
      if (await this.hasCommit(commit)) return;
      await this.run(
        [
          'fetch',
          '--quiet',
          '--no-tags',
          '--depth',
          '1',
          '--',
          this.settings.repoUrl,
          commit,
        ],
        `fetching commit ${commit.slice(0, 12)}`,
      );
    });
  }

  /**
   * The files under `paths` (directories end with `/`; none is the whole repository) that differ
   * from commit `from` to commit `to`, in path order, each with its unified diff. Renames are a
   * deletion and an addition. Both commits must be in the clone ({@link fetchHead},
   * {@link fetchCommit}).
   */
  async diff(
    from: string,
    to: string,
    paths: string[],
  ): Promise<GitFileDiff[]> {
    const where = `${from.slice(0, 12)}..${to.slice(0, 12)}`;
    const fields = (
      await this.run(
        [
          'diff-tree',
          '-r',
          '-z',
          '--no-renames',
          '--name-status',
          from,
          to,
          '--',
          ...paths,
        ],
        `comparing ${where}`,
      )
    )
      .split('\0')
      .filter(Boolean);
    const changed: Array<Omit<GitFileDiff, 'diff'>> = [];
    for (let i = 0; i + 1 < fields.length; i += 2) {
      changed.push({
        path: fields[i + 1],
        change: DIFF_STATUS[fields[i]] ?? 'modified',
      });
    }
    return Promise.all(
      changed.map(async file => ({
        ...file,
        diff: await this.run(
          [
            'diff',
            '--no-color',
            '--no-ext-diff',
            '--no-textconv',
            '--no-renames',
            from,
            to,
            '--',
            file.path,
          ],
          `comparing ${file.path} at ${where}`,
        ),
      })),
    );
  }

  /** A blob's content as UTF-8 text (cached: a blob id names its content for good). */
  async readBlob(blob: string): Promise<string> {
    const cached = this.blobs.get(blob);
    if (cached !== undefined) return cached;
    const text = await this.run(
      ['cat-file', 'blob', blob],
      `reading blob ${blob}`,
    );
    if (this.blobs.size >= BLOB_CACHE_SIZE) {
      this.blobs.delete(this.blobs.keys().next().value!);
    }
    this.blobs.set(blob, text);
    return text;
  }

  /** A file's text at a commit, or undefined when the commit has no such file. */
  async readFile(commit: string, file: string): Promise<string | undefined> {
    const blob = (await this.fileBlobs(commit, [file])).get(file);
    return blob === undefined ? undefined : this.readBlob(blob);
  }

  /**
   * Builds a commit on `parent` with the changes (no ref moves; push it with
   * {@link GitRepositoryWriter.push}). When the changes leave the tree as it was, no commit is
   * made: `commit` is undefined and `changedFiles` empty. `changedFiles` are in path order.
   */
  commit(options: {
    parent: string;
    changes: GitFileChange[];
    /** Paragraphs of the message (subject first). */
    message: string[];
  }): Promise<{ commit?: string; changedFiles: string[] }> {
    return this.exclusive(async () => {
      const scratch = await fs.mkdtemp(
        path.join(this.options.workDir, 'commit-'),
      );
      try {
        const env = { GIT_INDEX_FILE: path.join(scratch, 'index') };
        await this.run(
          ['read-tree', options.parent],
          'reading the base tree',
          env,
        );
        const current = await this.entries(
          options.parent,
          options.changes.map(c => c.path),
        );
        for (const [i, change] of options.changes.entries()) {
          if ('blob' in change) {
            await this.run(
              [
                'update-index',
                '--add',
                '--cacheinfo',
                `${change.mode},${change.blob},${change.path}`,
              ],
              `restoring ${change.path}`,
              env,
            );
            continue;
          }
          if ('delete' in change) {
            // update-index wants a work tree to remove an entry; an empty one is never read.
            const emptyTree = path.join(scratch, 'work-tree');
            await fs.mkdir(emptyTree, { recursive: true });
            await this.run(
              ['update-index', '--force-remove', '--', change.path],
              `removing ${change.path}`,
              { ...env, GIT_WORK_TREE: emptyTree },
            );
            continue;
          }
          const source = path.join(scratch, `file-${i}`);
          await fs.writeFile(source, change.content);
          const blob = (
            await this.run(
              ['hash-object', '-w', '--no-filters', '--', source],
              `storing ${change.path}`,
            )
          ).trim();
          const mode =
            change.mode ?? current.get(change.path)?.mode ?? '100644';
          await this.run(
            [
              'update-index',
              '--add',
              '--cacheinfo',
              `${mode},${blob},${change.path}`,
            ],
            `staging ${change.path}`,
            env,
          );
        }
        const tree = (
          await this.run(['write-tree'], 'writing the tree', env)
        ).trim();
        const changedFiles = (
          await this.run(
            ['diff-tree', '-r', '-z', '--name-only', options.parent, tree],
            'comparing the tree with its parent',
          )
        )
          .split('\0')
          .filter(Boolean);
        if (changedFiles.length === 0) return { changedFiles };
        const { name, email } = this.settings.author;
        const commit = (
          await this.run(
            [
              'commit-tree',
              tree,
              '-p',
              options.parent,
              ...options.message.flatMap(paragraph => ['-m', paragraph]),
            ],
            'creating the commit',
            {
              GIT_AUTHOR_NAME: name,
              GIT_AUTHOR_EMAIL: email,
              GIT_COMMITTER_NAME: name,
              GIT_COMMITTER_EMAIL: email,
            },
          )
        ).trim();
        return { commit, changedFiles };
      } finally {
        await fs.rm(scratch, { recursive: true, force: true });
      }
    });
  }

  /**
   * Pushes a commit to a branch without force: `pushed`; `moved` when the branch moved on the
   * server since the commit's parent was read (the remote is unchanged); `refused` when the
   * server refused it for another reason (a hook, a protected branch). Other failures throw.
   */
  push(commit: string, branch: string): Promise<GitPushResult> {
    return this.exclusive(async () => {
      const args = [
        'push',
        '--porcelain',
        '--atomic',
        '--',
        this.settings.repoUrl,
        `${commit}:refs/heads/${branch}`,
      ];
      await this.init();
      try {
        await this.git.run(args, this.clone);
        return { outcome: 'pushed' };
      } catch (error) {
        if (!(error instanceof GitCommandError)) throw error;
        const refusal = readPushRefusal(error.stdout, error.stderr);
        if (!refusal) throw this.failure(`pushing to branch ${branch}`, error);
        const { branchMoved, ...reasons } = refusal;
        return { outcome: branchMoved ? 'moved' : 'refused', ...reasons };
      }
    });
  }

  /** Removes the clone (and the temporary directory of {@link GitRepositoryWriter.inTempDir}). */
  async dispose(): Promise<void> {
    await fs.rm(this.ownsWorkDir ? this.options.workDir : this.clone, {
      recursive: true,
      force: true,
    });
    this.initialized = false;
  }

  private async entries(
    commit: string,
    paths: string[],
  ): Promise<Map<string, GitTreeFile>> {
    if (paths.length === 0) return new Map();
    const output = await this.run(
      ['ls-tree', '-z', commit, '--', ...paths],
      `reading ${paths.join(', ')} at ${commit.slice(0, 12)}`,
    );
    return new Map(parseTree(output).map(file => [file.path, file]));
  }

  private async hasCommit(commit: string): Promise<boolean> {
    try {
      await this.git.run(['cat-file', '-e', `${commit}^{commit}`], this.clone);
      return true;
    } catch (error) {
      if (error instanceof GitCommandError) return false;
      throw error;
    }
  }

  private async fetchNow(branch: string): Promise<string> {
    await this.init();
    const trackingRef = `refs/remotes/origin/${branch}`;
    await this.run(
      [
        'fetch',
        '--quiet',
        '--no-tags',
        '--depth',
        '1',
        '--',
        this.settings.repoUrl,
        `+refs/heads/${branch}:${trackingRef}`,
      ],
      `fetching branch ${branch}`,
    );
    return (
      await this.run(
        ['rev-parse', '--verify', `${trackingRef}^{commit}`],
        `resolving branch ${branch}`,
      )
    ).trim();
  }

  private async init(): Promise<void> {
    // A temp-dir cleaner may remove the clone under a long-running backend: start over.
    if (this.initialized && (await exists(this.clone))) return;
    await fs.mkdir(this.options.workDir, { recursive: true });
    await this.run(
      ['init', '--quiet', '--bare', this.clone],
      'creating the clone',
    );
    // Objects of our own commits are unreachable until pushed; never let an automatic gc prune them.
    await this.run(['config', 'gc.auto', '0'], 'configuring the clone');
    this.initialized = true;
  }

  /** Runs tasks that change the clone one at a time, in arrival order. */
  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    this.tail = result.catch(() => undefined);
    return result;
  }

  private async run(
    args: string[],
    operation: string,
    env: Record<string, string> = {},
  ): Promise<string> {
    try {
      const cwd = ['init', 'ls-remote'].includes(args[0])
        ? undefined
        : this.clone;
      return (await this.git.run(args, cwd, env)).stdout;
    } catch (error) {
      if (error instanceof GitCommandError) {
        throw this.failure(operation, error);
      }
      throw error;
    }
  }

  private failure(operation: string, error: GitCommandError): Error {
    return this.options.failure?.(operation, error) ?? error;
  }
}

function parseTree(output: string): GitTreeFile[] {
  return output
    .split('\0')
    .filter(Boolean)
    .map(line => {
      const [meta, file] = line.split('\t');
      const [mode, type, blob] = meta.split(' ');
      return { mode, type, blob, path: file };
    })
    .filter(entry => entry.type === 'blob')
    .map(({ mode, blob, path: file }) => ({ mode, blob, path: file }));
}

async function exists(dir: string): Promise<boolean> {
  return fs.access(dir).then(
    () => true,
    () => false,
  );
}
