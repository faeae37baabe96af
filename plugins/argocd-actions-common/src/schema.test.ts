import { argoRollbackRequestSchema, argoSyncRequestSchema } from './schema';

const sha = '0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e';
const issues = (result: { success: boolean; error?: any }) =>
  result.success ? [] : result.error.issues.map((i: any) => i.message);

describe('argoSyncRequestSchema', () => {
  it.each<[string, unknown, string[]]>([
    [
      'a sync',
      { entityRef: 'component:default/driver', prune: false, dryRun: true },
      [],
    ],
    [
      'no entityRef',
      { prune: false, dryRun: false },
      ['entityRef is required'],
    ],
    [
      'a string flag',
      { entityRef: 'a', prune: 'yes', dryRun: false },
      ['prune must be true or false'],
    ],
    [
      'an unknown key',
      { entityRef: 'a', prune: false, dryRun: false, revision: 'x' },
      ["Unrecognized key(s) in object: 'revision'"],
    ],
  ])('%s', (_name, body, expected) => {
    expect(issues(argoSyncRequestSchema.safeParse(body))).toEqual(expected);
  });
});

describe('argoRollbackRequestSchema', () => {
  const valid = {
    entityRef: 'component:default/nginx-ab',
    historyId: 1,
    expectedRevision: sha,
    mode: 'git-revert',
  };
  it.each<[string, unknown, string[]]>([
    ['a git-revert rollback', valid, []],
    ["Argo CD's rollback", { ...valid, mode: 'argocd' }, []],
    [
      'no mode',
      { ...valid, mode: undefined },
      ['mode is required (the preview gives it)'],
    ],
    [
      'another mode',
      { ...valid, mode: 'force' },
      ["mode must be 'git-revert' or 'argocd'"],
    ],
    [
      'a branch name as revision',
      { ...valid, expectedRevision: 'main' },
      ['expectedRevision must be a Git commit SHA (the preview gives it)'],
    ],
    [
      'a negative history id',
      { ...valid, historyId: -1 },
      ['historyId must not be negative'],
    ],
    [
      'a fractional history id',
      { ...valid, historyId: 1.5 },
      ['historyId must be an integer'],
    ],
    [
      'a history id as text',
      { ...valid, historyId: '1' },
      ['historyId must be a number'],
    ],
  ])('%s', (_name, body, expected) => {
    expect(issues(argoRollbackRequestSchema.safeParse(body))).toEqual(expected);
  });
});
