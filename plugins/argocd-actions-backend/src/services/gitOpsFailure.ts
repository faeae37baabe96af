import { LoggerService } from '@backstage/backend-plugin-api';
import { UpstreamError } from '@internal/plugin-ops-node';

/**
 * A GitOps repository failure as an `UpstreamError` (503) that names the repository by role,
 * never by URL (its message reaches the browser); the URL goes to the server log only. The
 * `failure` of the rollback's `GitRepositoryWriter`, and the wording of a refused push.
 */
export function gitOpsFailure(
  repoUrl: string,
  logger?: LoggerService,
): (operation: string, error: { message: string }) => UpstreamError {
  return (operation, error) => {
    const message = `${operation} failed: ${error.message}`;
    logger?.warn(`Argo CD actions: GitOps repository ${repoUrl}: ${message}`);
    return new UpstreamError(`GitOps repository: ${message}`);
  };
}
