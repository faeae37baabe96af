import { LoggerService } from '@backstage/backend-plugin-api';
import { UpstreamError } from '../errors/UpstreamError';
import type { PushRefusal } from './pushRefusal';

/**
 * A GitOps repository failure as an {@link UpstreamError} (503) that names the repository by role,
 * never by URL (its message reaches the browser); the URL goes to the server log only, after the
 * `feature` that met the failure (e.g. `Traffic editor`, `Argo CD actions`). Used as the `failure`
 * of {@link GitRepositoryWriter} and, through {@link gitOpsPushRefused}, for a refused push.
 *
 * @param feature - the feature's name that starts the log line
 * @param repoUrl - the repository's URL, for the log line only
 * @param logger - where the log line goes (none: no log line)
 */
export function gitOpsFailure(
  feature: string,
  repoUrl: string,
  logger?: LoggerService,
): (operation: string, error: { message: string }) => UpstreamError {
  return (operation, error) => {
    const message = `${operation} failed: ${error.message}`;
    logger?.warn(`${feature}: GitOps repository ${repoUrl}: ${message}`);
    return new UpstreamError(`GitOps repository: ${message}`);
  };
}

/**
 * A push the server refused for another reason than a moved branch (a hook, a protected branch),
 * as the error of `failure` (see {@link gitOpsFailure}): `push to branch <branch> failed: refused
 * (<reasons>): <server messages>`.
 */
export function gitOpsPushRefused<E extends Error>(
  failure: (operation: string, error: { message: string }) => E,
  branch: string,
  refusal: Pick<PushRefusal, 'refused' | 'serverMessages'>,
): E {
  const said = refusal.serverMessages.length
    ? `: ${refusal.serverMessages.join(' | ')}`
    : '';
  return failure(`push to branch ${branch}`, {
    message: `refused (${refusal.refused.join('; ')})${said}`,
  });
}
