import { LoggerService } from '@backstage/backend-plugin-api';
import { InputError, NotImplementedError } from '@backstage/errors';
import type { ArgoRollbackFileChange } from '@internal/plugin-argocd-actions-common';
import {
  ArgoApplication,
  GitFileChange,
  GitRepositoryWriter,
  gitOpsFailure,
  gitOpsPushRefused,
  repositoryDirectory,
  sameRepository,
} from '@internal/plugin-ops-node';

/** Where an Application's manifests live in the GitOps repository. */
export interface GitSource {
  /** The source path as a repository directory (`''` for the root). */
  dir: string;
  /** The branch the Application tracks (the configured one). */
  branch: string;
}

/** What a Git rollback did. */
export type RevertResult =
  /** The revert commit is on the branch. */
  | { outcome: 'pushed'; commit: string; files: string[] }
  /** The branch is not at the confirmed head (before the commit, or a push that lost the race). */
  | { outcome: 'moved'; head: string }
  /** The files are already as they were at the revision: nothing to commit. */
  | { outcome: 'unchanged'; head: string };

/** The files of a Git rollback's preview, on the branch head they were computed on. */
export interface RevertPreview extends GitSource {
  head: string;
  files: ArgoRollbackFileChange[];
}

/**
 * The GitOps repository side of a rollback. Under automated sync (`git-revert`), a rollback is a
 * commit on the tracked branch that puts every file under the Application's source path back as
 * it was at the chosen revision (files added since are deleted), pushed only when the branch is
 * still at the head the user confirmed (a compare-and-swap push: a branch that moved is `moved`,
 * never an overwrite). For Argo CD's own rollback it only compares the source path at two
 * revisions, for reading. The Application must sync from `opsPortal.gitops.repoUrl`, the one
 * repository the portal holds credentials for, and track its branch.
 */
export class GitRollbackPlanner {
  constructor(
    private readonly options: {
      /** Undefined when `opsPortal.gitops` is not configured. */
      repository?: GitRepositoryWriter;
      logger?: LoggerService;
    },
  ) {}

  /** The Application's source in the GitOps repository, or the sentence saying why it is not. */
  source(app: ArgoApplication): GitSource | { refusal: string } {
    const { repository } = this.options;
    if (!repository) {
      return {
        refusal:
          'opsPortal.gitops is not configured, so the portal has no GitOps repository',
      };
    }
    const { repoUrl, branch } = repository.settings;
    // Messages reach the browser: they name the repositories by role, never by URL.
    const source = app.spec?.source;
    if (!source || (app.spec?.sources?.length ?? 0) > 0) {
      return {
        refusal: `Application ${app.metadata.name} has no single source (multi-source Applications are not supported)`,
      };
    }
    if (!source.repoURL || !sameRepository(source.repoURL, repoUrl)) {
      return {
        refusal: `Application ${app.metadata.name} syncs from another repository than the GitOps repository of opsPortal.gitops.repoUrl`,
      };
    }
    const revision = (source.targetRevision ?? '').replace(
      /^refs\/heads\//,
      '',
    );
    if (revision !== '' && revision !== 'HEAD' && revision !== branch) {
      return {
        refusal: `Application ${app.metadata.name} tracks revision ${revision}, not branch ${branch} of the GitOps repository`,
      };
    }
    const dir = repositoryDirectory(source.path);
    if (dir === undefined) {
      return {
        refusal: `Application ${app.metadata.name} has a source path outside the repository (${source.path})`,
      };
    }
    return { dir, branch };
  }

  /** The files a revert to `revision` changes on the branch head, with their diffs; writes nothing. */
  async previewRevert(
    app: ArgoApplication,
    revision: string,
  ): Promise<RevertPreview> {
    const source = this.revertSource(app);
    const repository = this.options.repository!;
    const head = await repository.fetchHead(source.branch);
    await this.targetFiles(source.dir, revision);
    const files = await repository.diff(head, revision, [`${source.dir}/`]);
    return { ...source, head, files };
  }

  /**
   * Commits the revert to `revision` on the branch and pushes it, when the branch head is still
   * `expectedHead` (a full id or a prefix of at least 7 characters).
   */
  async revert(
    app: ArgoApplication,
    revision: string,
    options: { expectedHead: string; message: string[] },
  ): Promise<RevertResult> {
    const { dir, branch } = this.revertSource(app);
    const repository = this.options.repository!;
    const head = await repository.fetchHead(branch);
    if (!head.startsWith(options.expectedHead)) {
      return { outcome: 'moved', head };
    }
    const target = await this.targetFiles(dir, revision);
    const current = await repository.listFiles(head, [`${dir}/`], {
      recursive: true,
    });
    const now = new Map(current.map(file => [file.path, file]));
    const wanted = new Set(target.map(file => file.path));
    const changes: GitFileChange[] = [
      ...target
        .filter(
          file =>
            now.get(file.path)?.blob !== file.blob ||
            now.get(file.path)?.mode !== file.mode,
        )
        .map(file => ({ path: file.path, blob: file.blob, mode: file.mode })),
      ...current
        .filter(file => !wanted.has(file.path))
        .map(file => ({ path: file.path, delete: true as const })),
    ];
    if (changes.length === 0) return { outcome: 'unchanged', head };
    const { commit, changedFiles } = await repository.commit({
      parent: head,
      changes,
      message: options.message,
    });
    if (!commit) return { outcome: 'unchanged', head };
    const pushed = await repository.push(commit, branch);
    if (pushed.outcome === 'moved') {
      return { outcome: 'moved', head: await repository.fetchHead(branch) };
    }
    if (pushed.outcome === 'refused') throw this.refusedPush(pushed, branch);
    return { outcome: 'pushed', commit, files: changedFiles };
  }

  /**
   * The files of the source path that differ from revision `from` to `to`, for reading; the
   * sentence saying why they cannot be compared when the source is not in the GitOps repository.
   */
  async compare(
    app: ArgoApplication,
    from: string,
    to: string,
  ): Promise<{ files: ArgoRollbackFileChange[] } | { unavailable: string }> {
    const source = this.source(app);
    if ('refusal' in source) return { unavailable: source.refusal };
    const repository = this.options.repository!;
    await repository.fetchCommit(from);
    await repository.fetchCommit(to);
    return {
      files: await repository.diff(
        from,
        to,
        source.dir ? [`${source.dir}/`] : [],
      ),
    };
  }

  /**
   * The files under `dir` at `revision`, fetched; an InputError when there are none (going back
   * to before the Application existed would delete all of it).
   */
  private async targetFiles(dir: string, revision: string) {
    const repository = this.options.repository!;
    await repository.fetchCommit(revision);
    const files = await repository.listFiles(revision, [`${dir}/`], {
      recursive: true,
    });
    if (files.length === 0) {
      throw new InputError(
        `The GitOps repository has no files under ${dir}/ at revision ${revision.slice(
          0,
          7,
        )}: a revert to it would delete the Application's manifests`,
      );
    }
    return files;
  }

  /** The source of a Git rollback; a NotImplementedError saying why there can be none. */
  private revertSource(app: ArgoApplication): GitSource {
    const source = this.source(app);
    const refuse = (reason: string) =>
      new NotImplementedError(
        `Cannot roll back Application ${app.metadata.name} with a revert commit: ${reason}. It syncs automatically, so Argo CD refuses its own rollback; revert the change in Git, or turn automated sync off and roll back in Argo CD`,
      );
    if ('refusal' in source) throw refuse(source.refusal);
    if (source.dir === '') {
      throw refuse(
        'its source path is the root of the GitOps repository, and a revert would put back every file of the repository',
      );
    }
    if (this.options.repository!.settings.publishMode === 'branch') {
      throw refuse(
        'opsPortal.gitops.publishMode is branch, so changes to the GitOps repository go through review and are not pushed to the tracked branch',
      );
    }
    return source;
  }

  private refusedPush(
    result: { refused: string[]; serverMessages: string[] },
    branch: string,
  ): Error {
    const { repository, logger } = this.options;
    return gitOpsPushRefused(
      gitOpsFailure('Argo CD actions', repository!.settings.repoUrl, logger),
      branch,
      result,
    );
  }
}
