import { rollbackCommitMessage } from './rollbackCommitMessage';
import {
  argoCdRollbackExplanation,
  gitRevertExplanation,
} from './rollbackExplanation';

const REVISION = '3f9a2c1d0e9b8a7f6e5d4c3b2a1908f7e6d5c4b3';

describe('rollback texts', () => {
  it('names the entity, the revision and the user in the revert commit', () => {
    expect(
      rollbackCommitMessage({
        entityName: 'driver',
        entityRef: 'component:default/driver',
        application: 'driver',
        userRef: 'user:default/jane',
        historyId: 4,
        revision: REVISION,
        directory: 'services/driver',
      }),
    ).toEqual([
      'Roll back driver to 3f9a2c1 (by user:default/jane)',
      `Restores services/driver/ as it was at ${REVISION}, the revision of Argo CD history entry 4 of Application driver; files added since are removed.`,
      [
        'Entity: component:default/driver',
        'Application: driver',
        `Reverted-to: ${REVISION}`,
        'Requested-by: user:default/jane',
      ].join('\n'),
    ]);
  });

  it('says what a Git rollback will do, or that there is nothing to revert', () => {
    const options = {
      application: 'driver',
      branch: 'main',
      dir: 'services/driver',
      historyId: 4,
      revision: REVISION,
    };
    expect(gitRevertExplanation({ ...options, files: [{}] })).toBe(
      'A revert commit will be pushed to branch main of the GitOps repository, putting 1 file under services/driver/ back as they were at 3f9a2c1 (history entry 4), and then Argo CD will sync Application driver.',
    );
    expect(gitRevertExplanation({ ...options, files: [] })).toBe(
      'The files under services/driver/ on branch main are already as they were at 3f9a2c1 (history entry 4): there is nothing to revert.',
    );
  });

  it("says what Argo CD's rollback will do, and why files may be missing", () => {
    expect(
      argoCdRollbackExplanation({
        application: 'driver',
        historyId: 4,
        revision: REVISION,
        unavailable: 'Application driver syncs from another repository',
      }),
    ).toBe(
      'Argo CD will sync Application driver back to 3f9a2c1 (history entry 4). The GitOps repository is not changed, so the Application shows OutOfSync until Git matches again. The files cannot be compared: Application driver syncs from another repository.',
    );
  });
});
