import { LoggerService } from '@backstage/backend-plugin-api';
import { UpstreamError } from '../errors';

/**
 * The traffic editor's wording of a GitOps repository failure: an {@link UpstreamError} (503)
 * that names the repository by role, never by URL (its message reaches the browser); the URL goes
 * to the server log only. Used as the `failure` of ops-node's `GitRepositoryWriter` and for a push
 * the server refused.
 */
export function gitOpsFailure(
  repoUrl: string,
  logger?: LoggerService,
): (operation: string, error: { message: string }) => UpstreamError {
  return (operation, error) => {
    const message = `${operation} failed: ${error.message}`;
    logger?.warn(`Traffic editor: GitOps repository ${repoUrl}: ${message}`);
    return new UpstreamError(`GitOps repository: ${message}`);
  };
}
