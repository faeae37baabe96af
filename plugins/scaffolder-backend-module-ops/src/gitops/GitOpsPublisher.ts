import fs from 'node:fs/promises';
import {
  GitCommandError,
  GitFileChange,
  GitOpsSettings,
  GitPushResult,
  GitRepositoryWriter,
} from '@internal/plugin-ops-node';
import { ConflictError } from '@backstage/errors';
import { SourceFile } from './sourceFiles';
import { GitOpsServiceState, readServiceState } from './serviceState';

/** What to publish. */
export type PublishRequest = {
  files: SourceFile[];
  /** Branch the files are pushed to (`main`, or `scaffolder/<service>` in branch mode). */
  targetBranch: string;
  commitMessage: string;
  /** Repository path that must exist after the files are copied in. */
  catalogInfoPath: string;
  /** Entity ref of the user who ran the template, recorded as a commit trailer. */
  requestedBy?: string;
  /**
   * Checked against what the cloned branch holds for the service before anything is copied in:
   * returns why the files must not be overwritten, or undefined.
   */
  guard?: {
    serviceName: string;
    check: (state: GitOpsServiceState) => string | undefined;
  };
};

/** What {@link GitOpsPublisher.publish} did. */
export type PublishResult = {
  /** The new commit, or the branch head when nothing changed. */
  commitHash: string;
  /** The branch that holds the files. */
  branch: string;
  changed: boolean;
  /** Repository paths that differed from the branch, in commit order. */
  changedFiles: string[];
};

/** The server refused the push; the remote is unchanged. */
export class PushRejectedError extends Error {
  name = 'PushRejectedError';
}

const DEFAULT_TIMEOUT_MS = 120_000;

/**
 * Publishes a directory of files to the configured GitOps repository through ops-node's
 * {@link GitRepositoryWriter}: fetch the branch, check the guard, commit the files only when
 * something changed, push without force. What is the publisher's own: which branch it starts
 * from, the takeover guard, the catalog-info requirement, the `Requested-by` trailer and the
 * wording of a refused push in the task log. It only ever talks to `settings.repoUrl`; inputs
 * choose paths and the message, never the remote.
 */
export class GitOpsPublisher {
  constructor(
    private readonly settings: GitOpsSettings,
    private readonly options: { timeoutMs?: number; signal?: AbortSignal } = {},
  ) {}

  /** Publishes the files; see the class description. */
  async publish(request: PublishRequest): Promise<PublishResult> {
    const repository = await GitRepositoryWriter.inTempDir(this.settings, {
      timeoutMs: this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      signal: this.options.signal,
    });
    try {
      return await this.publishWith(repository, request);
    } finally {
      await repository.dispose();
    }
  }

  private async publishWith(
    repository: GitRepositoryWriter,
    request: PublishRequest,
  ): Promise<PublishResult> {
    const { repoUrl, branch: baseBranch } = this.settings;
    const heads = await repository.remoteHeads([
      baseBranch,
      request.targetBranch,
    ]);
    if (!heads.has(baseBranch)) {
      throw new Error(
        `GitOps repository ${repoUrl} has no branch '${baseBranch}'`,
      );
    }
    const startBranch = heads.has(request.targetBranch)
      ? request.targetBranch
      : baseBranch;
    const parent = await repository.fetchHead(startBranch);
    if (request.guard) {
      const state = await readServiceState(
        repository,
        parent,
        request.guard.serviceName,
        startBranch,
      );
      const problem = request.guard.check(state);
      if (problem) {
        throw new ConflictError(
          `${problem}; nothing was pushed. Choose another service name.`,
        );
      }
    }
    const published = request.files.some(
      f => f.repoPath === request.catalogInfoPath,
    );
    if (
      !published &&
      !(await repository.fileBlobs(parent, [request.catalogInfoPath])).has(
        request.catalogInfoPath,
      )
    ) {
      throw new Error(
        `catalogInfoPath '${request.catalogInfoPath}' is neither among the published files nor in branch '${startBranch}'`,
      );
    }
    const { commit, changedFiles } = await repository.commit({
      parent,
      changes: await Promise.all(request.files.map(fileChange)),
      message: [
        request.commitMessage,
        ...(request.requestedBy
          ? [`Requested-by: ${request.requestedBy}`]
          : []),
      ],
    });
    if (!commit) {
      return {
        commitHash: parent,
        branch: startBranch,
        changed: false,
        changedFiles,
      };
    }
    await this.push(repository, commit, request.targetBranch);
    return {
      commitHash: commit,
      branch: request.targetBranch,
      changed: true,
      changedFiles,
    };
  }

  private async push(
    repository: GitRepositoryWriter,
    commit: string,
    branch: string,
  ): Promise<void> {
    const { repoUrl } = this.settings;
    let result: GitPushResult;
    try {
      result = await repository.push(commit, branch);
    } catch (error) {
      if (error instanceof GitCommandError) {
        throw new Error(
          `Push of branch '${branch}' to ${repoUrl} failed: ${error.message}`,
        );
      }
      throw error;
    }
    if (result.outcome === 'pushed') return;
    const hint =
      result.outcome === 'moved'
        ? ' The branch moved since it was cloned; run the template again.'
        : '';
    throw new PushRejectedError(
      `Push of branch '${branch}' to ${repoUrl} was rejected: ${result.refused.join(
        '; ',
      )}${
        result.serverMessages.length
          ? `. Server said: ${result.serverMessages.join(' | ')}`
          : ''
      }.${hint} Nothing was changed in the repository.`,
    );
  }
}

/** A workspace file as a change of the repository, executable when the workspace file is. */
async function fileChange(file: SourceFile): Promise<GitFileChange> {
  const [content, stat] = await Promise.all([
    fs.readFile(file.absolutePath),
    fs.stat(file.absolutePath),
  ]);
  return {
    path: file.repoPath,
    content,
    mode: stat.mode & 0o111 ? '100755' : '100644',
  };
}
