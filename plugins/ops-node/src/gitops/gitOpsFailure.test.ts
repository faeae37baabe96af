import { mockServices } from '@backstage/backend-test-utils';
import { UpstreamError } from '../errors/UpstreamError';
import { gitOpsFailure, gitOpsPushRefused } from './gitOpsFailure';

describe('gitOpsFailure', () => {
  const repoUrl = 'https://git.example.com/platform/gitops.git';

  it('names the repository by role in the error and by URL in the log only', () => {
    const logger = mockServices.logger.mock();

    const error = gitOpsFailure(
      'Traffic editor',
      repoUrl,
      logger,
    )('fetching branch main', {
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

  it('starts the log line with the feature that met the failure', () => {
    const logger = mockServices.logger.mock();

    gitOpsFailure(
      'Argo CD actions',
      repoUrl,
      logger,
    )('reading file a.yaml', {
      message: 'not found',
    });

    expect(logger.warn).toHaveBeenCalledWith(
      `Argo CD actions: GitOps repository ${repoUrl}: reading file a.yaml failed: not found`,
    );
  });

  it('logs nothing without a logger', () => {
    expect(
      gitOpsFailure('Argo CD actions', repoUrl)('push', { message: 'x' })
        .message,
    ).toBe('GitOps repository: push failed: x');
  });
});

describe('gitOpsPushRefused', () => {
  const failure = gitOpsFailure('Traffic editor', 'https://git.example.com/g');

  it('names the branch, the refused refs and what the server said', () => {
    const error = gitOpsPushRefused(failure, 'main', {
      refused: ['[remote rejected] (pre-receive hook declined)'],
      serverMessages: ['protected branch', 'ask an admin'],
    });

    expect(error).toBeInstanceOf(UpstreamError);
    expect(error.message).toBe(
      'GitOps repository: push to branch main failed: refused ([remote rejected] (pre-receive hook declined)): protected branch | ask an admin',
    );
  });

  it('says only the refused refs when the server said nothing', () => {
    expect(
      gitOpsPushRefused(failure, 'release', {
        refused: ['a', 'b'],
        serverMessages: [],
      }).message,
    ).toBe('GitOps repository: push to branch release failed: refused (a; b)');
  });
});
