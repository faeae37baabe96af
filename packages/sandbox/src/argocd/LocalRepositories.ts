import path from 'node:path';
import { ArgoApiError } from './ArgoApiError';
import { resolveRevision } from './manifestsAtRevision';

/**
 * The repositories Applications can point at: bare repositories under one directory, found by
 * the last segment of the repoURL (so `http://127.0.0.1:7173/gitops.git` works whatever port
 * the git server really uses). Resolved revisions are cached until the next refresh, as Argo
 * CD's repo server caches them between polls.
 */
export class LocalRepositories {
  private readonly revisions = new Map<string, string>();

  constructor(private readonly gitRoot: string) {}

  /** The bare repository path of a repository name. */
  pathOf(repository: string): string {
    return path.join(this.gitRoot, `${repository}.git`);
  }

  /** The bare repository path for an Application's `spec.source.repoURL`. */
  pathForUrl(repoURL: string | undefined): string {
    const last = (repoURL ?? '').replace(/\/+$/, '').split('/').pop() ?? '';
    const repository = last.replace(/\.git$/, '');
    if (!/^[\w.-]+$/.test(repository)) {
      throw new ArgoApiError(
        'InvalidArgument',
        `repository not found: ${repoURL}`,
      );
    }
    return this.pathOf(repository);
  }

  /** Resolves a revision to a commit SHA; `refresh` bypasses the cache. */
  async resolve(
    repoPath: string,
    revision: string,
    refresh: boolean,
  ): Promise<string> {
    const key = `${repoPath}\0${revision}`;
    const cached = this.revisions.get(key);
    if (cached && !refresh) {
      return cached;
    }
    const sha = await resolveRevision(repoPath, revision);
    this.revisions.set(key, sha);
    return sha;
  }
}
