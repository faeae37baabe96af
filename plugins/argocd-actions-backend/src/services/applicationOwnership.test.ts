import { mockCredentials } from '@backstage/backend-test-utils';
import { setupServer } from 'msw/node';
import request from 'supertest';
import {
  actionsConfig,
  permissionsAllowing,
  startActionsBackend,
} from '../__testUtils__/actionsBackend';
import { driverApplication } from '../__testUtils__/argoApplication';
import { FakeArgoCd } from '../__testUtils__/fakeArgoCd';
import {
  GitOpsRepository,
  startGitOpsRepository,
} from '../__testUtils__/gitopsRepository';
import { applicationOwnershipProblem } from './applicationOwnership';

// Starts a backend per test, against a real git server: room for a loaded CI machine.
jest.setTimeout(60_000);

const target = {
  entityRef: 'component:default/driver',
  application: 'driver',
  owner: 'group:default/team-a',
};
const marked = (owner?: string) => {
  const annotations: Record<string, string> = {};
  if (owner !== undefined) annotations['ops-portal/owner'] = owner;
  return { metadata: { name: 'driver', annotations } };
};

describe('applicationOwnershipProblem', () => {
  it.each(['group:default/team-a', 'team-a', ' Group:default/Team-A '])(
    'accepts an Application marked %j for group:default/team-a',
    owner => {
      expect(applicationOwnershipProblem(target, marked(owner))).toBe(
        undefined,
      );
    },
  );

  it('refuses an Application of another owner, naming both', () => {
    expect(
      applicationOwnershipProblem(target, marked('group:default/team-b')),
    ).toBe(
      "Application 'driver' belongs to group:default/team-b, not to the owner of component:default/driver (group:default/team-a)",
    );
  });

  it.each([undefined, '', '  '])(
    'refuses an Application not marked (%j)',
    owner => {
      expect(applicationOwnershipProblem(target, marked(owner))).toBe(
        "Application 'driver' is not marked with ops-portal/owner: the Argo CD actions act only on Applications that belong to the owner of component:default/driver",
      );
    },
  );

  it('refuses an entity without a valid owner', () => {
    expect(
      applicationOwnershipProblem(
        { ...target, owner: undefined },
        marked('group:default/team-a'),
      ),
    ).toMatch(/has no valid spec.owner/);
  });
});

describe('an entity whose argocd/app-name names another owner’s Application', () => {
  const argo = new FakeArgoCd();
  const msw = setupServer(...argo.handlers());
  let repo: GitOpsRepository;
  const AIMED = 'component:default/aimed';

  beforeAll(async () => {
    msw.listen({ onUnhandledRequest: 'bypass' });
    repo = await startGitOpsRepository();
  });

  afterAll(async () => {
    msw.close();
    await repo.server.stop();
  });

  beforeEach(async () => {
    argo.reset();
    await repo.reset();
    argo.apps.set(
      'driver',
      driverApplication({
        autoSync: true,
        repoURL: repo.server.repoUrl,
        revisions: repo.revisions,
      }),
    );
  });

  it('gets 403 for every action, even with both permissions, and nothing is sent to Argo CD or Git', async () => {
    const { server, events } = await startActionsBackend({
      config: actionsConfig(repo.server.repoUrl),
      permissions: permissionsAllowing(
        'ops.argocd.sync',
        'ops.argocd.rollback',
      ),
    });
    const gitRequests = repo.server.requests.length;
    const head = repo.revisions[repo.revisions.length - 1];
    const attempts: Array<[string, object]> = [
      ['/sync', { entityRef: AIMED, prune: true, dryRun: false }],
      ['/refresh', { entityRef: AIMED }],
      ['/cancel', { entityRef: AIMED }],
      ['/rollback/preview', { entityRef: AIMED, historyId: 0 }],
      [
        '/rollback',
        {
          entityRef: AIMED,
          historyId: 0,
          expectedRevision: head,
          mode: 'git-revert',
        },
      ],
    ];
    for (const [path, body] of attempts) {
      const response = await request(server)
        .post(`/api/argocd-actions${path}`)
        .set('Authorization', mockCredentials.user.header('user:default/bob'))
        .send(body);
      expect({ path, status: response.status }).toEqual({ path, status: 403 });
      expect(response.body.error.message).toBe(
        "Application 'driver' belongs to group:default/team-a, not to the owner of component:default/aimed (group:default/team-b)",
      );
    }
    expect(argo.mutations()).toEqual([]);
    expect(repo.server.requests.length).toBe(gitRequests);
    expect(
      events.map(e => [
        e.options.eventId,
        (e.fail.mock.calls[0]?.[0] as any)?.meta?.reason,
      ]),
    ).toEqual([
      ['argocd-sync', 'denied'],
      ['argocd-refresh', 'denied'],
      ['argocd-cancel', 'denied'],
      ['argocd-rollback-preview', 'denied'],
      ['argocd-rollback', 'denied'],
    ]);
  });

  it("lets the owner's own entity act (driver, team-a)", async () => {
    const { server } = await startActionsBackend({
      config: actionsConfig(repo.server.repoUrl),
    });
    const response = await request(server)
      .post('/api/argocd-actions/refresh')
      .set('Authorization', mockCredentials.user.header('user:default/jane'))
      .send({ entityRef: 'component:default/driver' });
    expect(response.status).toBe(200);
  });
});
