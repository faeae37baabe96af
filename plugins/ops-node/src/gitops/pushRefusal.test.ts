import { readPushRefusal } from './pushRefusal';

const ref = 'abc123:refs/heads/main';

describe('readPushRefusal', () => {
  it.each([
    [
      'a non-fast-forward push',
      `To http://git\n!\t${ref}\t[rejected] (non-fast-forward)\nDone`,
      '',
      { branchMoved: true, refused: ['[rejected] (non-fast-forward)'] },
    ],
    [
      'a branch that moved to a commit the client does not have',
      `!\t${ref}\t[rejected] (fetch first)`,
      'hint: Updates were rejected',
      { branchMoved: true, refused: ['[rejected] (fetch first)'] },
    ],
    [
      'a lease that no longer holds',
      `!\t${ref}\t[rejected] (stale info)`,
      '',
      { branchMoved: true, refused: ['[rejected] (stale info)'] },
    ],
    [
      'a concurrent push that won the ref lock',
      `!\t${ref}\t[remote rejected] (failed to update ref)`,
      "remote: error: cannot lock ref 'refs/heads/main': is at 1111 but expected 2222",
      {
        branchMoved: true,
        refused: ['[remote rejected] (failed to update ref)'],
      },
    ],
    [
      'a concurrent push that won the ref lock of an atomic push',
      `!\t${ref}\t[remote rejected] (atomic transaction failed)`,
      "remote: error: cannot lock ref 'refs/heads/main': is at 1111 but expected 2222",
      {
        branchMoved: true,
        refused: ['[remote rejected] (atomic transaction failed)'],
      },
    ],
    [
      'a ref update that failed for another reason',
      `!\t${ref}\t[remote rejected] (failed to update ref)`,
      'remote: error: disk full',
      {
        branchMoved: false,
        refused: ['[remote rejected] (failed to update ref)'],
        serverMessages: ['error: disk full'],
      },
    ],
    [
      'a pre-receive hook',
      `!\t${ref}\t[remote rejected] (pre-receive hook declined)`,
      'remote: policy: use a pull request\nremote:   \n',
      {
        branchMoved: false,
        refused: ['[remote rejected] (pre-receive hook declined)'],
        serverMessages: ['policy: use a pull request'],
      },
    ],
  ])('reads %s', (_, stdout, stderr, expected) => {
    expect(readPushRefusal(stdout, stderr)).toMatchObject(expected);
  });

  it.each([
    ['an authentication failure', '', 'fatal: Authentication failed'],
    ['a timeout', '', 'timed out after 100 ms'],
    ['a pushed ref', `*\t${ref}\t[new branch]`, ''],
  ])('answers undefined for %s (no refused ref)', (_, stdout, stderr) => {
    expect(readPushRefusal(stdout, stderr)).toBeUndefined();
  });
});
