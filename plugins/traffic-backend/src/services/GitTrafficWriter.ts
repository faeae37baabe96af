import { createHash } from 'node:crypto';
import { LoggerService } from '@backstage/backend-plugin-api';
import { TrafficChange, TrafficPolicy } from '@internal/plugin-traffic-common';
import {
  gitOpsFailure,
  gitOpsPushRefused,
  type ArgoCdClient,
  type GitPushResult,
  type GitRepositoryWriter,
} from '@internal/plugin-ops-node';
import { editManifests, EditedFile } from '../manifests/editManifests';
import { trafficCommitMessage } from './commitMessage';
import { TrafficSnapshot } from './TrafficStateReader';

/** The base of the edit moved under it; nothing was written. */
export class BaseMovedError extends Error {
  name = 'BaseMovedError';
}

/** What a git write did. */
export interface GitWriteResult {
  outcome: 'committed' | 'branch-pushed';
  commit: string;
  branch: string;
  files: string[];
  warnings: string[];
}

/** Who asks for a write and what it changes, for the commit message. */
export interface WriteRequest {
  policy: TrafficPolicy;
  change: TrafficChange;
  userRef: string;
  /** A rollout's step, named in the commit (`rollout <id> step 2/4`). */
  rollout?: string;
  force: boolean;
}

/**
 * Writes a traffic edit to the GitOps repository: edits the manifest text, commits with the
 * configured author, pushes without force. `commit` mode pushes to the tracked branch (if the
 * branch moved, the commit is rebuilt on the new head once — unless the files themselves changed,
 * which is a {@link BaseMovedError}) and then asks Argo CD to sync; `branch` mode pushes a review
 * branch named after the edit, so repeating the edit finds the same branch.
 */
export class GitTrafficWriter {
  constructor(
    private readonly options: {
      repository: GitRepositoryWriter;
      argoCd: ArgoCdClient;
      logger: LoggerService;
      syncAfterCommit: boolean;
    },
  ) {}

  /** The files an edit changes, with their text before and after. */
  edit(snapshot: TrafficSnapshot, policy: TrafficPolicy): EditedFile[] {
    const git = snapshot.git!;
    return editManifests({
      files: git.files,
      virtualService: git.virtualService,
      destinationRule: git.destinationRule,
      policy,
    });
  }

  async write(
    snapshot: TrafficSnapshot,
    request: WriteRequest,
  ): Promise<GitWriteResult> {
    const { repository } = this.options;
    const git = snapshot.git!;
    const { target } = snapshot;
    const edited = this.edit(snapshot, request.policy);
    const message = trafficCommitMessage({
      entityName: target.entityName,
      entityRef: target.entityRef,
      userRef: request.userRef,
      rollout: request.rollout,
      policy: request.policy,
      change: request.change,
      force: request.force,
    });
    const files = edited.map(file => ({
      path: file.path,
      content: file.after,
      mode: git.files.find(f => f.path === file.path)!.mode,
    }));
    const paths = edited.map(f => f.path);

    if (repository.settings.publishMode === 'branch') {
      const branch = `traffic/${target.entityName}-${reviewBranchSuffix(
        target.entityRef,
        edited,
      )}`;
      let commit = await this.remoteBranchHead(branch);
      if (!commit) {
        const created = await this.createCommit(git.head, files, message);
        const pushed = this.pushed(
          await repository.push(created, branch),
          branch,
        );
        // Moved: the same edit was pushed concurrently; that branch is the answer.
        commit = pushed
          ? created
          : (await this.remoteBranchHead(branch)) ?? created;
      }
      return {
        outcome: 'branch-pushed',
        commit,
        branch,
        files: paths,
        warnings: [],
      };
    }

    const branch = repository.settings.branch;
    const watched = [
      ...new Set([git.virtualService.path, git.destinationRule.path]),
    ];
    const baseBlobs = new Map(git.files.map(f => [f.path, f.blob]));
    let parent = git.head;
    for (let attempt = 0; attempt < 2; attempt++) {
      const commit = await this.createCommit(parent, files, message);
      if (this.pushed(await repository.push(commit, branch), branch)) {
        this.options.logger.info(
          `Committed the traffic edit of ${target.entityRef} as ${commit} to ${branch} (by ${request.userRef})`,
        );
        const warnings = await this.sync(git.app);
        return { outcome: 'committed', commit, branch, files: paths, warnings };
      }
      // The branch moved since the read: rebuild on the new head unless our files changed there.
      parent = await repository.fetchHead(branch);
      const blobs = await repository.fileBlobs(parent, watched);
      if (watched.some(p => blobs.get(p) !== baseBlobs.get(p))) break;
    }
    throw new BaseMovedError(
      `Branch ${branch} of the GitOps repository changed the manifests of ${target.entityRef}`,
    );
  }

  /** A commit of the edited files on `parent`; `parent` itself when they change nothing. */
  private async createCommit(
    parent: string,
    files: Array<{ path: string; content: string; mode: string }>,
    message: string[],
  ): Promise<string> {
    const { commit } = await this.options.repository.commit({
      parent,
      changes: files,
      message,
    });
    return commit ?? parent;
  }

  /** The head of a branch on the server, or undefined when it does not exist. */
  private async remoteBranchHead(branch: string): Promise<string | undefined> {
    return (await this.options.repository.remoteHeads([branch])).get(branch);
  }

  /**
   * True when pushed, false when the branch moved under the push (compare-and-swap lost); a
   * push the server refused for another reason is an `UpstreamError` (503).
   */
  private pushed(result: GitPushResult, branch: string): boolean {
    if (result.outcome !== 'refused') return result.outcome === 'pushed';
    const { repository, logger } = this.options;
    throw gitOpsPushRefused(
      gitOpsFailure('Traffic editor', repository.settings.repoUrl, logger),
      branch,
      result,
    );
  }

  /** Asks Argo CD to sync; a failure is a warning (Argo CD applies the commit at its next poll). */
  private async sync(app: string): Promise<string[]> {
    if (!this.options.syncAfterCommit) return [];
    try {
      await this.options.argoCd.syncApplication(app);
      return [];
    } catch (error) {
      const warning = `The commit is pushed, but asking Argo CD to sync Application ${app} failed: ${
        (error as Error).message
      }; Argo CD applies it at its next poll`;
      this.options.logger.warn(warning);
      return [warning];
    }
  }
}

/** A review branch name suffix that is the same for the same edit of the same files. */
function reviewBranchSuffix(entityRef: string, edited: EditedFile[]): string {
  const hash = createHash('sha256').update(entityRef);
  for (const file of edited) {
    hash.update(`\0${file.path}\0${file.before}\0${file.after}`);
  }
  return hash.digest('hex').slice(0, 10);
}
