import type { ArgoApplication } from '@internal/plugin-ops-node';

/** Three commit ids, oldest first. */
export const REVISIONS = [
  '1111111111111111111111111111111111111111',
  '2222222222222222222222222222222222222222',
  '3333333333333333333333333333333333333333',
];

/**
 * The `driver` Application as Argo CD 3.x answers `GET /api/v1/applications/driver`: three
 * deployments in its history (the last runs now), its last sync succeeded with a hook and two
 * resources, one of which failed. `autoSync` sets `spec.syncPolicy.automated`.
 */
export function driverApplication(
  options: {
    autoSync?: boolean;
    repoURL?: string;
    path?: string;
    revisions?: string[];
  } = {},
): ArgoApplication {
  const revisions = options.revisions ?? REVISIONS;
  const source = {
    repoURL: options.repoURL ?? 'http://git.test/gitops.git',
    path: options.path ?? 'services/driver',
    targetRevision: 'main',
  };
  return {
    metadata: {
      name: 'driver',
      namespace: 'argocd',
      resourceVersion: '4242',
      // The owner of the test catalog's driver (actionsBackend.ts), as the platform marks it.
      annotations: { 'ops-portal/owner': 'group:default/team-a' },
    },
    spec: {
      project: 'services',
      source,
      destination: {
        server: 'https://kubernetes.default.svc',
        namespace: 'driver',
      },
      syncPolicy: options.autoSync
        ? { automated: { prune: true, selfHeal: true } }
        : { syncOptions: ['CreateNamespace=true'] },
    },
    status: {
      sync: {
        status: 'Synced',
        revision: revisions[revisions.length - 1],
        comparedTo: { source },
      },
      health: { status: 'Healthy' },
      history: revisions.map((revision, i) => ({
        id: i,
        revision,
        deployedAt: `2026-01-0${i + 1}T10:00:05Z`,
        deployStartedAt: `2026-01-0${i + 1}T10:00:00Z`,
        source,
        initiatedBy: { username: 'admin' },
      })),
      operationState: {
        operation: {
          sync: { revision: revisions[revisions.length - 1], prune: true },
          initiatedBy: { username: 'admin' },
          retry: {},
        },
        phase: 'Failed',
        message: 'one or more objects failed to apply',
        syncResult: {
          revision: revisions[revisions.length - 1],
          source,
          resources: [
            {
              group: '',
              version: 'v1',
              kind: 'Service',
              namespace: 'driver',
              name: 'driver',
              status: 'Synced',
              message: 'service/driver unchanged',
              syncPhase: 'Sync',
            },
            {
              group: 'batch',
              version: 'v1',
              kind: 'Job',
              namespace: 'driver',
              name: 'migrate',
              status: 'Synced',
              message: 'job.batch/migrate created',
              hookType: 'PreSync',
              hookPhase: 'Succeeded',
              syncPhase: 'PreSync',
            },
            {
              group: 'apps',
              version: 'v1',
              kind: 'Deployment',
              namespace: 'driver',
              name: 'driver',
              status: 'SyncFailed',
              message: 'Deployment.apps "driver" is invalid',
              syncPhase: 'Sync',
            },
          ],
        },
        startedAt: '2026-01-03T10:00:00Z',
        finishedAt: '2026-01-03T10:00:05Z',
      },
    },
  };
}

/** The Application with an operation Argo CD runs now. */
export function withRunningOperation(app: ArgoApplication): ArgoApplication {
  const operation = {
    sync: { revision: app.status!.sync!.revision, prune: false },
    initiatedBy: { username: 'admin' },
  };
  return {
    ...app,
    operation,
    status: {
      ...app.status,
      operationState: {
        operation,
        phase: 'Running',
        message: 'waiting for healthy state of apps/Deployment/driver',
        startedAt: '2026-01-04T10:00:00Z',
      },
    },
  };
}
