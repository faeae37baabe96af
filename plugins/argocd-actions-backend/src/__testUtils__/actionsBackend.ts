import {
  AuditorServiceEvent,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { JsonObject } from '@backstage/types';
import { argoCdActionsPlugin } from '../plugin';
import { ARGO_URL, READER_TOKEN, WRITER_TOKEN } from './fakeArgoCd';

/** A component of the test catalog, owned by team-a unless told. */
export function component(
  name: string,
  annotations: Record<string, string>,
  owner = 'team-a',
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', lifecycle: 'production', owner },
  };
}

/**
 * The test catalog: the driver (its Application is `driver`), entities without one, and `aimed`
 * (team-b's, naming team-a's `driver`).
 */
export const entities: Entity[] = [
  component('driver', { 'argocd/app-name': 'driver' }),
  component('docs', {}),
  component('bad', { 'argocd/app-name': '../settings' }),
  component('ghost', { 'argocd/app-name': 'ghost' }),
  // Owned by team-b, but its annotation names team-a's Application.
  component('aimed', { 'argocd/app-name': 'driver' }, 'team-b'),
];

/** The portal config the tests start with: one Argo CD instance, its writer, the GitOps repo. */
export function actionsConfig(repoUrl: string): JsonObject {
  return {
    argocd: {
      appLocatorMethods: [
        {
          type: 'config',
          instances: [{ name: 'main', url: ARGO_URL, token: READER_TOKEN }],
        },
      ],
    },
    opsPortal: {
      argocd: { writers: [{ instance: 'main', token: WRITER_TOKEN }] },
      gitops: {
        repoUrl,
        branch: 'main',
        fileUrlTemplate: 'http://git.test/{branch}/{path}',
        commitUrlTemplate: 'http://git.test/commit/{sha}',
        author: { name: 'Ops Portal', email: 'ops-portal@example.com' },
      },
    },
  };
}

/** A permissions service that allows exactly the named permissions. */
export function permissionsAllowing(...names: string[]) {
  const permissions = mockServices.permissions.mock();
  permissions.authorize.mockImplementation(async requests =>
    requests.map(r => ({
      result: names.includes(r.permission.name)
        ? AuthorizeResult.ALLOW
        : AuthorizeResult.DENY,
    })),
  );
  return permissions;
}

/** One audit event as the tests see it: how it was opened and how it ended. */
export interface RecordedEvent {
  options: any;
  success: jest.Mock;
  fail: jest.Mock;
}

/** A mock auditor that records each event. */
export function recordingAuditor() {
  const auditor = mockServices.auditor.mock();
  const events: RecordedEvent[] = [];
  auditor.createEvent.mockImplementation(async options => {
    const event = { options, success: jest.fn(), fail: jest.fn() };
    events.push(event);
    return event as unknown as AuditorServiceEvent;
  });
  return { auditor, events };
}

/** Starts a backend with the plugin, the test catalog, the given permissions and a recording auditor. */
export async function startActionsBackend(options: {
  config: JsonObject;
  permissions?: ReturnType<typeof permissionsAllowing>;
}) {
  const { auditor, events } = recordingAuditor();
  const permissions =
    options.permissions ??
    permissionsAllowing('ops.argocd.sync', 'ops.argocd.rollback');
  const { server } = await startTestBackend({
    features: [
      argoCdActionsPlugin,
      catalogServiceMock.factory({ entities }),
      mockServices.rootConfig.factory({ data: options.config }),
      (permissions as unknown as { factory: any }).factory,
      auditor.factory,
    ],
  });
  return {
    server,
    events,
    permissions: permissions as PermissionsService & typeof permissions,
  };
}
