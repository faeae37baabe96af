import type {
  ArgoActionsState,
  ArgoOperationView,
  ArgoRollbackPreview,
} from '@internal/plugin-argocd-actions-common';
/** Where `mockApis.discovery()` places the argocd-actions backend. */
export const ARGO_ACTIONS_BACKEND = 'http://example.com/api/argocd-actions';

export const CURRENT_SHA = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
export const PREVIOUS_SHA = '0f9e8d7c6b5a49382716aabbccddeeff00112233';
export const OLDEST_SHA = '9999888877776666555544443333222211110000';
export const GITOPS_HEAD_SHA = 'ffeeddccbbaa99887766554433221100aabbccdd';

/** The driver's Application: synced, healthy, auto-sync on (rollbacks are Git reverts). */
export const idleState: ArgoActionsState = {
  instance: 'sandbox',
  application: 'driver',
  syncStatus: 'Synced',
  healthStatus: 'Healthy',
  revision: CURRENT_SHA,
  autoSync: true,
  rollbackMode: 'git-revert',
  operation: {
    kind: 'sync',
    phase: 'Succeeded',
    message: 'successfully synced (all tasks run)',
    initiatedBy: 'automated',
    startedAt: '2026-11-22T10:00:00Z',
    finishedAt: '2026-11-22T10:00:05Z',
    revision: CURRENT_SHA,
    dryRun: false,
    prune: false,
    resources: [],
  },
  history: [
    {
      id: 3,
      revision: CURRENT_SHA,
      deployedAt: '2026-11-22T10:00:05Z',
      author: 'Alice <alice@example.com>',
      message: 'driver 1.4.0',
      current: true,
    },
    {
      id: 2,
      revision: PREVIOUS_SHA,
      deployedAt: '2026-11-21T09:00:00Z',
      author: 'Bob <bob@example.com>',
      message: 'driver 1.3.2',
      current: false,
    },
    {
      id: 1,
      revision: OLDEST_SHA,
      deployedAt: '2026-11-20T08:00:00Z',
      current: false,
    },
  ],
};

function operation(changes: Partial<ArgoOperationView>): ArgoOperationView {
  return {
    kind: 'sync',
    phase: 'Running',
    message: 'waiting for healthy state of apps/Deployment/driver',
    initiatedBy: 'user:default/alice',
    startedAt: '2026-11-22T11:00:00Z',
    revision: CURRENT_SHA,
    dryRun: false,
    prune: false,
    resources: [],
    ...changes,
  };
}

/** A sync the card started, still running. */
export const runningState: ArgoActionsState = {
  ...idleState,
  syncStatus: 'OutOfSync',
  healthStatus: 'Progressing',
  operation: operation({}),
};

/** The same sync, ended well. */
export const succeededState: ArgoActionsState = {
  ...idleState,
  operation: operation({
    phase: 'Succeeded',
    message: 'successfully synced (all tasks run)',
    finishedAt: '2026-11-22T11:00:20Z',
    resources: [
      {
        group: 'apps',
        kind: 'Deployment',
        namespace: 'driver',
        name: 'driver',
        status: 'Synced',
        message: 'deployment.apps/driver configured',
      },
    ],
  }),
};

/** The same sync, failed on one resource (listed after a synced one, as Argo CD may). */
export const failedState: ArgoActionsState = {
  ...idleState,
  syncStatus: 'OutOfSync',
  healthStatus: 'Degraded',
  operation: operation({
    phase: 'Failed',
    message: 'one or more objects failed to apply',
    finishedAt: '2026-11-22T11:00:20Z',
    resources: [
      {
        group: '',
        kind: 'Service',
        namespace: 'driver',
        name: 'driver',
        status: 'Synced',
        message: 'service/driver unchanged',
      },
      {
        group: 'apps',
        kind: 'Deployment',
        namespace: 'driver',
        name: 'driver',
        status: 'SyncFailed',
        message: 'admission webhook "policy" denied the request',
      },
    ],
  }),
};

/** A finished dry run: what a sync would change. */
export const dryRunState: ArgoActionsState = {
  ...idleState,
  syncStatus: 'OutOfSync',
  operation: operation({
    phase: 'Succeeded',
    message: 'successfully synced (dry run)',
    dryRun: true,
    prune: true,
    finishedAt: '2026-11-22T11:00:02Z',
    resources: [
      {
        group: 'apps',
        kind: 'Deployment',
        namespace: 'driver',
        name: 'driver',
        status: 'Synced',
        message: 'deployment.apps/driver configured (dry run)',
      },
      {
        group: '',
        kind: 'ConfigMap',
        namespace: 'driver',
        name: 'driver-old',
        status: 'Pruned',
        message: 'pruned (dry run)',
      },
    ],
  }),
};

/** A rollback to history entry 2 as a revert commit in the GitOps repository. */
export const gitRevertPreview: ArgoRollbackPreview = {
  mode: 'git-revert',
  historyId: 2,
  fromRevision: CURRENT_SHA,
  toRevision: PREVIOUS_SHA,
  baseRevision: GITOPS_HEAD_SHA,
  files: [
    {
      path: 'services/driver/values.yaml',
      change: 'modified',
      diff: [
        '--- a/services/driver/values.yaml',
        '+++ b/services/driver/values.yaml',
        '@@ -1,2 +1,2 @@',
        '-image: driver:1.4.0',
        '+image: driver:1.3.2',
        ' replicas: 2',
      ].join('\n'),
    },
  ],
  explanation:
    'Auto-sync is on, so Argo CD would undo its own rollback: a commit on main of http://git.example.com/gitops.git puts services/driver back as it was at 0f9e8d7; Argo CD then syncs it.',
};
