import { mockServices } from '@backstage/backend-test-utils';
import { UpstreamError } from '../errors';
import { gitOpsFailure } from './gitOpsFailure';

describe('gitOpsFailure', () => {
  const repoUrl = 'https://git.example.com/platform/gitops.git';

  it('names the repository by role in the error and by URL in the log only', () => {
    const logger = mockServices.logger.mock();

    const error = gitOpsFailure(repoUrl, logger)('fetching branch main', {
      message: `git fetch failed: fatal: unable to access '${repoUrl}/': 403`,
    });

    expect(error).toBeInstanceOf(UpstreamError);
    expect(error.message).toBe(
      "GitOps repository: fetching branch main failed: git fetch failed: fatal: unable to access '<url>': 403",
    );
    expect(error.message).not.toContain('git.example.com');
    expect(logger.warn).toHaveBeenCalledWith(
      `Traffic editor: GitOps repository ${repoUrl}: fetching branch main failed: git fetch failed: fatal: unable to access '${repoUrl}/': 403`,
    );
  });
});
