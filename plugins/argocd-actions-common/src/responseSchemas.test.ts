import {
  argoActionConflictSchema,
  argoActionResultSchema,
  argoActionsIssues,
  argoActionsStateResponseSchema,
  argoActionsStateSchema,
  argoRollbackPreviewSchema,
} from './responseSchemas';
import type { ArgoActionsState, ArgoRollbackPreview } from './types';

const state: ArgoActionsState = {
  instance: 'sandbox',
  application: 'driver',
  syncStatus: 'OutOfSync',
  healthStatus: 'Progressing',
  revision: 'a1b2c3d4e5f6',
  autoSync: true,
  rollbackMode: 'git-revert',
  operation: {
    kind: 'sync',
    phase: 'Failed',
    message: 'one or more objects failed to apply',
    initiatedBy: 'user:default/alice',
    startedAt: '2026-11-22T10:00:00Z',
    finishedAt: '2026-11-22T10:00:09Z',
    revision: 'a1b2c3d4e5f6',
    dryRun: false,
    prune: true,
    resources: [
      {
        group: 'apps',
        kind: 'Deployment',
        namespace: 'driver',
        name: 'driver',
        status: 'SyncFailed',
        message: 'admission webhook denied the request',
        hookPhase: 'Sync',
      },
    ],
  },
  history: [
    {
      id: 4,
      revision: 'a1b2c3d4e5f6',
      deployedAt: '2026-11-22T10:00:09Z',
      author: 'Alice <alice@example.com>',
      message: 'driver 1.4.0',
      current: true,
    },
    {
      id: 3,
      revision: '0f9e8d7c6b5a',
      deployedAt: '2026-11-21T08:00:00Z',
      current: false,
    },
  ],
};

const preview: ArgoRollbackPreview = {
  mode: 'git-revert',
  historyId: 3,
  fromRevision: 'a1b2c3d4e5f6',
  toRevision: '0f9e8d7c6b5a',
  baseRevision: 'ffeeddccbbaa',
  files: [
    {
      path: 'services/driver/values.yaml',
      change: 'modified',
      diff: '@@ -1 +1 @@\n-tag: 1.4.0\n+tag: 1.3.2\n',
    },
  ],
  explanation: 'Auto-sync is on: the rollback is a revert commit on main.',
};

function issues(
  schema: { safeParse(value: unknown): any },
  value: unknown,
): string[] {
  const result = schema.safeParse(value);
  return result.success ? [] : argoActionsIssues(result.error);
}

describe('argoActionsStateResponseSchema', () => {
  const { operation: _operation, revision: _revision, ...idle } = state;

  it.each([
    ['a state with an operation', state],
    ['a state without operation or revision', idle],
    [
      'a not-configured body',
      {
        missingAnnotation: 'argocd/app-name',
        message: 'The entity names no Argo CD Application',
      },
    ],
  ])('accepts %s unchanged', (_case, body) => {
    expect(argoActionsStateResponseSchema.parse(body)).toEqual(body);
  });

  it.each([
    ['an empty object', {}],
    ['a state without history', { ...state, history: undefined }],
    [
      'a state with an unknown rollback mode',
      { ...state, rollbackMode: 'helm' },
    ],
    [
      'an operation in an unknown phase',
      { ...state, operation: { ...state.operation, phase: 'Pending' } },
    ],
    [
      'a history id that is not a number',
      { ...state, history: [{ ...state.history[0], id: '4' }] },
    ],
    ['a not-configured body without its message', { missingAnnotation: 'x' }],
  ])('refuses %s', (_case, body) => {
    expect(issues(argoActionsStateResponseSchema, body)).not.toEqual([]);
  });

  it('drops fields it does not know', () => {
    expect(argoActionsStateSchema.parse({ ...state, token: 'x' })).toEqual(
      state,
    );
  });

  it('names the path of each problem', () => {
    expect(
      issues(argoActionsStateSchema, { ...state, autoSync: 'yes' }),
    ).toEqual(['autoSync: Expected boolean, received string']);
  });
});

describe('the action responses', () => {
  it.each([
    ['a result', argoActionResultSchema, { state }],
    [
      'a result with the revert commit',
      argoActionResultSchema,
      { state, commit: { sha: 'abc1234', url: 'http://git/commit/abc1234' } },
    ],
    ['a git-revert preview', argoRollbackPreviewSchema, preview],
    [
      'an argocd preview without a base revision',
      argoRollbackPreviewSchema,
      { ...preview, mode: 'argocd', baseRevision: undefined, files: [] },
    ],
    [
      'a conflict',
      argoActionConflictSchema,
      { error: { name: 'ConflictError', message: 'busy' }, current: state },
    ],
  ])('accepts %s', (_case, schema, body) => {
    expect(schema.parse(body)).toEqual(body);
  });

  it.each([
    ['a result without the state', argoActionResultSchema, { commit: {} }],
    [
      'a commit without its sha',
      argoActionResultSchema,
      { state, commit: { url: 'http://git' } },
    ],
    [
      'a preview without files',
      argoRollbackPreviewSchema,
      { ...preview, files: undefined },
    ],
    [
      'a preview with an unknown file change',
      argoRollbackPreviewSchema,
      { ...preview, files: [{ ...preview.files[0], change: 'renamed' }] },
    ],
    [
      'a conflict without the current state',
      argoActionConflictSchema,
      { error: { name: 'ConflictError', message: 'busy' } },
    ],
    [
      'another error',
      argoActionConflictSchema,
      { error: { name: 'NotAllowedError', message: 'no' }, current: state },
    ],
  ])('refuses %s', (_case, schema, body) => {
    expect(issues(schema, body)).not.toEqual([]);
  });
});
