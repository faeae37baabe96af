import { argoActionsStateSchema } from '@internal/plugin-argocd-actions-common';
import {
  driverApplication,
  REVISIONS,
  withRunningOperation,
} from '../__testUtils__/argoApplication';
import {
  actionsState,
  historyEntries,
  isAutoSync,
  isOperationRunning,
  operationView,
  QUEUED_MESSAGE,
  rollbackModeOf,
} from './argoStateView';

const NOW = new Date('2026-02-01T12:00:00.000Z');

describe('argoStateView', () => {
  it('maps the last operation, failed resources first, hooks named by their type', () => {
    expect(operationView(driverApplication(), NOW)).toEqual({
      kind: 'sync',
      phase: 'Failed',
      message: 'one or more objects failed to apply',
      initiatedBy: 'admin',
      startedAt: '2026-01-03T10:00:00Z',
      finishedAt: '2026-01-03T10:00:05Z',
      revision: REVISIONS[2],
      dryRun: false,
      prune: true,
      resources: [
        {
          group: 'apps',
          kind: 'Deployment',
          namespace: 'driver',
          name: 'driver',
          status: 'SyncFailed',
          message: 'Deployment.apps "driver" is invalid',
        },
        {
          group: '',
          kind: 'Service',
          namespace: 'driver',
          name: 'driver',
          status: 'Synced',
          message: 'service/driver unchanged',
        },
        {
          group: 'batch',
          kind: 'Job',
          namespace: 'driver',
          name: 'migrate',
          status: 'Synced',
          message: 'job.batch/migrate created',
          hookPhase: 'PreSync',
        },
      ],
    });
  });

  it('shows an accepted operation the controller has not started as Running', () => {
    const app = driverApplication();
    app.operation = {
      sync: { prune: true, dryRun: true },
      initiatedBy: { username: 'ops-portal-writer' },
    };
    delete app.status!.operationState;
    expect(isOperationRunning(app)).toBe(true);
    expect(operationView(app, NOW)).toEqual({
      kind: 'sync',
      phase: 'Running',
      message: QUEUED_MESSAGE,
      initiatedBy: 'ops-portal-writer',
      startedAt: NOW.toISOString(),
      dryRun: true,
      prune: true,
      resources: [],
    });
  });

  it("reads Argo CD's rollback (apply strategy) and an automated sync", () => {
    const app = driverApplication();
    app.status!.operationState = {
      operation: {
        sync: { revision: REVISIONS[0], syncStrategy: { apply: {} } },
        initiatedBy: { username: 'jane' },
      },
      phase: 'Running',
      startedAt: '2026-01-05T10:00:00Z',
    };
    expect(operationView(app, NOW)).toMatchObject({
      kind: 'rollback',
      phase: 'Running',
      initiatedBy: 'jane',
      revision: REVISIONS[0],
    });
    expect(isOperationRunning(app)).toBe(true);

    app.status!.operationState = {
      operation: { sync: {}, initiatedBy: { automated: true } },
      phase: 'Succeeded',
      startedAt: '2026-01-05T10:00:00Z',
    };
    expect(operationView(app, NOW)).toMatchObject({
      kind: 'sync',
      initiatedBy: 'automated',
    });
    expect(isOperationRunning(app)).toBe(false);
  });

  it('lists the history newest first, the last deployment current, with the metadata it has', () => {
    const metadata = new Map([
      [REVISIONS[2], { author: 'Jane <jane@example.com>', message: 'Scale' }],
    ]);
    expect(historyEntries(driverApplication(), metadata)).toEqual([
      {
        id: 2,
        revision: REVISIONS[2],
        deployedAt: '2026-01-03T10:00:05Z',
        author: 'Jane <jane@example.com>',
        message: 'Scale',
        current: true,
      },
      {
        id: 1,
        revision: REVISIONS[1],
        deployedAt: '2026-01-02T10:00:05Z',
        current: false,
      },
      {
        id: 0,
        revision: REVISIONS[0],
        deployedAt: '2026-01-01T10:00:05Z',
        current: false,
      },
    ]);
  });

  it('decides the rollback mode from automated sync, Argo CD 3 enabled: false included', () => {
    expect(rollbackModeOf(driverApplication())).toBe('argocd');
    expect(rollbackModeOf(driverApplication({ autoSync: true }))).toBe(
      'git-revert',
    );
    const off = driverApplication({ autoSync: true });
    off.spec!.syncPolicy!.automated!.enabled = false;
    expect(isAutoSync(off)).toBe(false);
    expect(rollbackModeOf(off)).toBe('argocd');
  });

  it('builds a state the frontend schema accepts, with defaults for an Application without status', () => {
    const state = actionsState('main', driverApplication(), new Map(), NOW);
    expect(argoActionsStateSchema.parse(state)).toEqual(state);
    expect(state).toMatchObject({
      instance: 'main',
      application: 'driver',
      syncStatus: 'Synced',
      healthStatus: 'Healthy',
      revision: REVISIONS[2],
      autoSync: false,
      rollbackMode: 'argocd',
    });
    expect(
      actionsState('main', withRunningOperation(driverApplication()), new Map())
        .operation?.phase,
    ).toBe('Running');
    expect(actionsState('main', { metadata: { name: 'new' } })).toEqual({
      instance: 'main',
      application: 'new',
      syncStatus: 'Unknown',
      healthStatus: 'Unknown',
      autoSync: false,
      rollbackMode: 'argocd',
      history: [],
    });
  });
});
