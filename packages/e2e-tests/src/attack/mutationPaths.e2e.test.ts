import { mkdirSync } from 'node:fs';
import { GITOPS_REPO_URL } from '../harness/platform';
import { poll } from '../harness/poll';
import {
  failedStep,
  failureMessage,
  serviceValues,
  stepStatuses,
} from '../harness/scaffolder';
import { artifactsDir, startStack, Stack } from '../harness/stack';
import {
  Answer,
  call,
  submitServiceTask,
  taskStepIds,
  waitForTaskAs,
} from './api';
import { attackBackend, signIn } from './attackStack';
import { argoActionRefusal, AuditEvent, AuditLog } from './auditLog';
import { PlatformSnapshot, takeSnapshot } from './platformSnapshot';

// The attack suite: the production backend (portalFeatures, NODE_ENV=production, the production
// config with the local platform as every upstream) attacked by signed-in users who do not own
// what they aim at. Every attempt must be refused (401/403/400, or a template run that fails at its
// first step), the refusal must be audited, and the GitOps repository, the cluster, Argo CD,
// Keycloak and the catalog must read the same afterwards.

type User = 'admin' | 'ana' | 'bruno' | 'dora';
const USERS: User[] = ['admin', 'ana', 'bruno', 'dora'];
const ref = (user: User) => `user:default/${user}`;
/** Signed in, owns giropops-senhas and legacy-reports (team-giropops), not driver or nginx-ab. */
const OWNER_OF_OTHER = 'bruno';
/** Signed in, member of no group, owns nothing (attack-catalog.yaml). */
const NON_OWNER = 'dora';
const ATTACKERS: Array<typeof OWNER_OF_OTHER | typeof NON_OWNER> = [
  OWNER_OF_OTHER,
  NON_OWNER,
];
/** The group each attacker may name as owner of a new service. */
const OWN_OWNER: Record<string, string> = {
  bruno: 'group:default/team-giropops',
  dora: 'user:default/dora',
};

let stack: Stack;
let audit: AuditLog;
const tokens = {} as Record<User, string>;
let before: PlatformSnapshot;

async function snapshot(): Promise<PlatformSnapshot> {
  return takeSnapshot(tokens.admin);
}

/** Waits until two snapshots a second apart agree: start-up syncs and catalog ingestion are over. */
async function settledSnapshot(): Promise<PlatformSnapshot> {
  let previous = await snapshot();
  return poll(
    'the platform to settle',
    async () => {
      await new Promise(r => setTimeout(r, 1000));
      const current = await snapshot();
      const same = JSON.stringify(current) === JSON.stringify(previous);
      previous = current;
      return same ? current : undefined;
    },
    { timeoutMs: 120_000, intervalMs: 0 },
  );
}

beforeAll(async () => {
  mkdirSync(artifactsDir, { recursive: true });
  stack = await startStack({ prometheus: false, backend: attackBackend });
  for (const user of USERS) tokens[user] = await signIn(user);
  audit = new AuditLog(stack.backend.logFile);
}, 400_000);

afterAll(async () => {
  await stack?.stop();
});

beforeEach(async () => {
  before = await settledSnapshot();
}, 180_000);

/** Everything reads as it did before the test's attempts. */
async function expectUnchanged() {
  expect(await snapshot()).toEqual(before);
}

/** A refusal is audited: a failed event or a permission denial that names the user. */
function refusalOf(user: User) {
  return (e: AuditEvent) =>
    (e.status === 'failed' || e.eventId === 'permission-denied') &&
    JSON.stringify(e).includes(ref(user));
}

interface Attempt {
  what: string;
  method: string;
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * Sends an attempt as `user` and expects one of `statuses`; an answer other than 401 must be
 * audited as a refusal for that user. Returns the answer for further checks.
 */
async function expectRefused(
  user: User | undefined,
  attempt: Attempt,
  statuses: number[] = [403],
): Promise<Answer> {
  const mark = audit.mark();
  const answer = await call(
    user ? tokens[user] : undefined,
    attempt.method,
    attempt.path,
    { body: attempt.body, headers: attempt.headers },
  );
  if (!statuses.includes(answer.status)) {
    throw new Error(
      `${attempt.method} ${attempt.path} (${attempt.what}) as ${
        user ?? 'nobody'
      }: HTTP ${answer.status}, expected ${statuses.join(
        ' or ',
      )}: ${answer.body.slice(0, 300)}`,
    );
  }
  if (user && answer.status !== 401 && answer.status !== 404) {
    await audit.waitFor(mark, `${attempt.what} as ${user}`, refusalOf(user));
  }
  return answer;
}

describe('the snapshot', () => {
  it('reads the objects the attempts aim at', () => {
    expect(before.gitopsHead).toMatch(/^[0-9a-f]{40}$/);
    expect(before.cluster.deployments.join('\n')).toMatch(/^driver\/driver /m);
    expect(before.cluster.secrets.join('\n')).toMatch(/^driver\//m);
    expect(before.cluster.namespaces.join('\n')).toMatch(/^\/giropops /m);
    expect(before.cluster.virtualservices.join('\n')).toMatch(
      /^nginx-ab\/nginx-ab /m,
    );
    expect(before.argocd.join('\n')).toMatch(/^driver spec=/m);
    expect(before.keycloak.driver.length).toBeGreaterThan(0);
    expect(before.catalogEntities.join('\n')).toMatch(
      /^Component:default\/driver /m,
    );
  });
});

const ARGO_INSTANCE = 'sandbox';
const argoWrites = (app: string): Attempt[] => {
  const argoApp = {
    clusterName: ARGO_INSTANCE,
    namespace: app,
    projectName: app,
    appName: app,
    labelValue: app,
    sourceRepo: GITOPS_REPO_URL,
    sourcePath: `services/${app}`,
  };
  return [
    {
      what: `sync ${app}`,
      method: 'POST',
      path: '/api/argocd/sync',
      body: {
        appSelector: `app=${app}`,
        appName: app,
        terminateOperation: true,
      },
    },
    {
      what: `create ${app}`,
      method: 'POST',
      path: '/api/argocd/createArgo',
      body: argoApp,
    },
    {
      what: `update ${app}`,
      method: 'PUT',
      path: `/api/argocd/updateArgo/${app}`,
      body: argoApp,
    },
    {
      what: `delete application and project ${app}`,
      method: 'DELETE',
      path: `/api/argocd/argoInstance/${ARGO_INSTANCE}/applications/${app}`,
    },
    {
      what: `terminate the operation of ${app}`,
      method: 'DELETE',
      path: `/api/argocd/argoInstance/${ARGO_INSTANCE}/applications/${app}/operation`,
    },
  ];
};

describe('Argo CD writes through the third-party router', () => {
  it.each(ATTACKERS)('are refused for %s', async user => {
    for (const attempt of argoWrites('driver')) {
      // 403, or 404 when the write route is not mounted at all.
      await expectRefused(user, attempt, [403, 404]);
    }
    await expectUnchanged();
  });

  it('are refused for the owner too: writes go through the portal only', async () => {
    for (const attempt of argoWrites('driver')) {
      await expectRefused('ana', attempt, [403, 404]);
    }
    await expectUnchanged();
  });
});

const CLUSTER_HEADER = { 'Backstage-Kubernetes-Cluster': 'sandbox' };

/** Every value of every Secret in the cluster, base64 and decoded, read with the dev token. */
async function secretValues(): Promise<string[]> {
  const res = await fetch('http://127.0.0.1:7171/api/v1/secrets', {
    headers: { authorization: 'Bearer sandbox-dev-token' },
  });
  const { items } = (await res.json()) as {
    items: Array<{ data?: Record<string, string> }>;
  };
  return items
    .flatMap(s => Object.values(s.data ?? {}))
    .flatMap(b64 => [b64, Buffer.from(b64, 'base64').toString('utf8')])
    .filter(v => v.length >= 8);
}

describe('the Kubernetes proxy and Secrets', () => {
  it.each(['ana', ...ATTACKERS] as User[])(
    'refuses %s the proxy, for Secrets and for pods',
    async user => {
      const secrets = await expectRefused(user, {
        what: 'read Secrets through the proxy',
        method: 'GET',
        path: '/api/kubernetes/proxy/api/v1/namespaces/driver/secrets',
        headers: CLUSTER_HEADER,
      });
      const pods = await expectRefused(user, {
        what: 'list pods through the proxy',
        method: 'GET',
        path: '/api/kubernetes/proxy/api/v1/namespaces/driver/pods',
        headers: CLUSTER_HEADER,
      });
      for (const value of await secretValues()) {
        expect(secrets.body).not.toContain(value);
        expect(pods.body).not.toContain(value);
      }
      await expectUnchanged();
    },
  );

  it('returns no Secret through any other Kubernetes route', async () => {
    const values = await secretValues();
    expect(values.length).toBeGreaterThan(0);
    const entityRef = 'component:default/driver';
    const answers = [
      await call(
        tokens.dora,
        'POST',
        '/api/kubernetes/resources/custom/query',
        {
          body: {
            entityRef,
            auth: {},
            customResources: [
              { group: '', apiVersion: 'v1', plural: 'secrets' },
            ],
          },
        },
      ),
      await call(
        tokens.dora,
        'POST',
        '/api/kubernetes/resources/workloads/query',
        { body: { entityRef, auth: {} } },
      ),
      await call(tokens.dora, 'POST', '/api/kubernetes/services/driver', {
        body: {
          entity: {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Component',
            metadata: {
              name: 'driver',
              annotations: {
                'backstage.io/kubernetes-id': 'driver',
                'backstage.io/kubernetes-namespace': 'driver',
              },
            },
          },
        },
      }),
    ];
    for (const answer of answers) {
      expect(answer.status).toBeLessThan(500);
      for (const value of values) expect(answer.body).not.toContain(value);
      expect(answer.body).not.toMatch(/"kind"\s*:\s*"Secret"/);
    }
    await expectUnchanged();
  });
});

async function adminJson<T>(method: string, path: string): Promise<T> {
  const answer = await call(tokens.admin, method, path);
  if (answer.status >= 300) {
    throw new Error(`${method} ${path}: HTTP ${answer.status} ${answer.body}`);
  }
  return JSON.parse(answer.body) as T;
}

describe('catalog writes that move ownership', () => {
  it.each(ATTACKERS)('are refused for %s', async user => {
    const locations = await adminJson<
      Array<{ data: { id: string; target: string } }>
    >('GET', '/api/catalog/locations');
    // Locations from config are not rows of the locations table; an id that names none is
    // refused the same way, since the permission check comes before the lookup.
    const locationId =
      locations[0]?.data.id ?? '3f1e2c4a-0000-4000-8000-000000000001';
    const driver = await adminJson<{ metadata: { uid: string } }>(
      'GET',
      '/api/catalog/entities/by-name/component/default/driver',
    );
    await expectRefused(user, {
      what: 'register a location',
      method: 'POST',
      path: '/api/catalog/locations',
      body: {
        type: 'url',
        target:
          'http://127.0.0.1:7173/gitops/raw/main/services/driver/catalog-info.yaml',
      },
    });
    await expectRefused(user, {
      what: 'delete a location',
      method: 'DELETE',
      path: `/api/catalog/locations/${locationId}`,
    });
    await expectRefused(user, {
      what: 'unregister driver',
      method: 'DELETE',
      path: `/api/catalog/entities/by-uid/${driver.metadata.uid}`,
    });
    await expectUnchanged();
  });

  it("refuses to cancel or retry another user's scaffolder task", async () => {
    // A harmless task of ana's: an image from a registry the policy does not allow fails before
    // any side effect.
    const id = await submitServiceTask(
      tokens.ana,
      serviceValues('ana-harmless', {
        image: 'evil.example.com/ana-harmless:1.0.0',
      }),
    );
    const { task } = await waitForTaskAs(tokens.ana, id);
    expect(task.status).toBe('failed');
    const settled = await settledSnapshot();
    before = settled;
    for (const user of ATTACKERS) {
      await expectRefused(user, {
        what: "cancel ana's task",
        method: 'POST',
        path: `/api/scaffolder/v2/tasks/${id}/cancel`,
      });
      await expectRefused(user, {
        what: "retry ana's task",
        method: 'POST',
        path: `/api/scaffolder/v2/tasks/${id}/retry`,
      });
    }
    await expectUnchanged();
  });
});

/** A traffic save request that changes the entity's timeout, from its current state. */
async function trafficEdit(entityRef: string) {
  const state = await adminJson<{
    version: string;
    desired: { weights: unknown[]; resilience: { timeout?: string } };
  }>('GET', `/api/traffic/state?entityRef=${encodeURIComponent(entityRef)}`);
  const timeout = state.desired.resilience.timeout === '7s' ? '8s' : '7s';
  return {
    entityRef,
    baseVersion: state.version,
    policy: {
      ...state.desired,
      resilience: { ...state.desired.resilience, timeout },
    },
  };
}

describe('traffic edits', () => {
  it.each(ATTACKERS)('refuses %s an edit of nginx-ab', async user => {
    const body = await trafficEdit('component:default/nginx-ab');
    await expectRefused(user, {
      what: 'preview nginx-ab',
      method: 'POST',
      path: '/api/traffic/preview',
      body,
    });
    const mark = audit.mark();
    await expectRefused(user, {
      what: 'save nginx-ab',
      method: 'PUT',
      path: '/api/traffic/policy',
      body,
    });
    await audit.waitFor(
      mark,
      'traffic-update failed',
      e =>
        e.plugin === 'traffic' &&
        e.eventId === 'traffic-update' &&
        e.status === 'failed' &&
        e.actor?.actorId === ref(user),
    );
    const rolloutMark = audit.mark();
    await expectRefused(user, {
      what: 'start a rollout of nginx-ab',
      method: 'POST',
      path: '/api/traffic/rollouts',
      body: { entityRef: 'component:default/nginx-ab', canarySubset: 'v2' },
    });
    await audit.waitFor(
      rolloutMark,
      'traffic-rollout failed',
      e =>
        e.plugin === 'traffic' &&
        e.eventId === 'traffic-rollout' &&
        e.status === 'failed' &&
        e.actor?.actorId === ref(user),
    );
    const rollouts = await adminJson<{ active?: unknown; recent: unknown[] }>(
      'GET',
      `/api/traffic/rollouts?entityRef=${encodeURIComponent(
        'component:default/nginx-ab',
      )}`,
    );
    expect(rollouts).toEqual({ recent: [] });
    await expectUnchanged();
  });

  it("refuses an owner whose entity's annotations point at another team's namespace", async () => {
    const body = await trafficEdit(
      'component:default/drivers-aimed-at-giropops',
    );
    const preview = await expectRefused('ana', {
      what: 'preview objects in giropops',
      method: 'POST',
      path: '/api/traffic/preview',
      body,
    });
    expect(preview.body).toMatch(/giropops/);
    const mark = audit.mark();
    const save = await expectRefused('ana', {
      what: 'save objects in giropops',
      method: 'PUT',
      path: '/api/traffic/policy',
      body,
    });
    expect(save.body).toMatch(/giropops/);
    await audit.waitFor(
      mark,
      'traffic-update failed for ana',
      e =>
        e.eventId === 'traffic-update' &&
        e.status === 'failed' &&
        e.actor?.actorId === ref('ana'),
    );
    await expectUnchanged();
  });

  it('lets the owner preview its own service (the refusals above are not a broken stack)', async () => {
    const body = await trafficEdit('component:default/driver');
    const answer = await call(tokens.ana, 'POST', '/api/traffic/preview', {
      body,
    });
    expect({ status: answer.status, body: answer.body }).toEqual({
      status: 200,
      body: expect.stringContaining('files'),
    });
    await expectUnchanged();
  });
});

/** An attempt at one action of the Ops tab's Argo CD action bar (`/api/argocd-actions`). */
interface ArgoAction extends Attempt {
  /** The audited action: the event is `argocd-<action>`. */
  action: 'sync' | 'refresh' | 'cancel' | 'rollback-preview' | 'rollback';
}

const ARGO_ACTIONS = '/api/argocd-actions';

/**
 * Every action of the Argo CD action bar on the entity, with bodies that parse: only the
 * permission (or what the backend checks after it) can refuse them. The rollback goes to the
 * oldest history entry with the revision a preview would give (the GitOps head for a Git revert,
 * the Application's revision for Argo CD's rollback).
 */
async function argoActions(entityRef: string): Promise<ArgoAction[]> {
  const state = await adminJson<{
    revision?: string;
    rollbackMode: 'git-revert' | 'argocd';
    history: Array<{ id: number; revision: string }>;
  }>('GET', `${ARGO_ACTIONS}/state?entityRef=${encodeURIComponent(entityRef)}`);
  const oldest = state.history[state.history.length - 1];
  if (!oldest) throw new Error(`${entityRef} has no Argo CD history`);
  const expectedRevision =
    state.rollbackMode === 'git-revert'
      ? before.gitopsHead
      : state.revision ?? oldest.revision;
  const attempt = (
    action: ArgoAction['action'],
    path: string,
    body: unknown,
  ): ArgoAction => ({
    action,
    what: `argocd-actions ${action} of ${entityRef}`,
    method: 'POST',
    path: `${ARGO_ACTIONS}${path}`,
    body,
  });
  return [
    attempt('sync', '/sync', { entityRef, prune: true, dryRun: false }),
    attempt('refresh', '/refresh', { entityRef }),
    attempt('cancel', '/cancel', { entityRef }),
    attempt('rollback-preview', '/rollback/preview', {
      entityRef,
      historyId: oldest.id,
    }),
    attempt('rollback', '/rollback', {
      entityRef,
      historyId: oldest.id,
      expectedRevision,
      mode: state.rollbackMode,
    }),
  ];
}

describe('the Argo CD actions of the Ops tab', () => {
  it.each(ATTACKERS)(
    'refuses %s every action on driver, before Argo CD or Git is asked',
    async user => {
      for (const attempt of await argoActions('component:default/driver')) {
        const mark = audit.mark();
        const answer = await expectRefused(user, attempt);
        expect(answer.body).toContain('component:default/driver');
        await audit.waitFor(
          mark,
          `${attempt.what} denied for ${user}`,
          argoActionRefusal(ref(user), attempt.action, 'denied'),
        );
      }
      await expectUnchanged();
    },
  );

  it("refuses an owner whose entity's argocd/app-name names another team's Application", async () => {
    const entityRef = 'component:default/drivers-aimed-at-giropops';
    for (const attempt of await argoActions(entityRef)) {
      const mark = audit.mark();
      const answer = await expectRefused('ana', attempt);
      expect(answer.body).toContain(
        "Application 'giropops-senhas' belongs to group:default/team-giropops",
      );
      await audit.waitFor(
        mark,
        `${attempt.what} denied for ana`,
        argoActionRefusal(ref('ana'), attempt.action, 'denied'),
      );
    }
    await expectUnchanged();
  });

  it('answers 400 to bodies that do not parse, before anything else, and audits them', async () => {
    const entityRef = 'component:default/driver';
    const head = before.gitopsHead;
    const malformed: Array<ArgoAction & { message: RegExp }> = [
      {
        action: 'sync',
        what: 'sync with prune as a string',
        method: 'POST',
        path: `${ARGO_ACTIONS}/sync`,
        body: { entityRef, prune: 'yes', dryRun: false },
        message: /prune must be true or false/,
      },
      {
        action: 'sync',
        what: 'sync to a revision of its own (unknown key)',
        method: 'POST',
        path: `${ARGO_ACTIONS}/sync`,
        body: { entityRef, prune: false, dryRun: false, revision: head },
        message: /revision/,
      },
      {
        action: 'refresh',
        what: 'refresh without an entity',
        method: 'POST',
        path: `${ARGO_ACTIONS}/refresh`,
        body: {},
        message: /entityRef is required/,
      },
      {
        action: 'cancel',
        what: 'cancel with an array body',
        method: 'POST',
        path: `${ARGO_ACTIONS}/cancel`,
        body: [entityRef],
        message: /./,
      },
      {
        action: 'rollback-preview',
        what: 'preview a negative history id',
        method: 'POST',
        path: `${ARGO_ACTIONS}/rollback/preview`,
        body: { entityRef, historyId: -1 },
        message: /historyId must not be negative/,
      },
      {
        action: 'rollback',
        what: 'roll back to a branch expression instead of a commit',
        method: 'POST',
        path: `${ARGO_ACTIONS}/rollback`,
        body: {
          entityRef,
          historyId: 0,
          expectedRevision: 'main~1',
          mode: 'git-revert',
        },
        message: /expectedRevision must be a Git commit SHA/,
      },
      {
        action: 'rollback',
        what: 'roll back with a mode of its own',
        method: 'POST',
        path: `${ARGO_ACTIONS}/rollback`,
        body: {
          entityRef,
          historyId: 0,
          expectedRevision: head,
          mode: 'force-push',
        },
        message: /mode/,
      },
    ];
    // The owner gets the same 400 as anyone: the body is checked first.
    for (const user of ['ana', NON_OWNER] as User[]) {
      for (const attempt of malformed) {
        const mark = audit.mark();
        const answer = await expectRefused(user, attempt, [400]);
        expect(answer.body).toMatch(attempt.message);
        await audit.waitFor(
          mark,
          `${attempt.what} refused as invalid for ${user}`,
          argoActionRefusal(ref(user), attempt.action, 'invalid'),
        );
      }
    }
    await expectUnchanged();
  });

  it('lets the owner hard-refresh driver (the refusals above are not a broken stack)', async () => {
    const answer = await call(tokens.ana, 'POST', `${ARGO_ACTIONS}/refresh`, {
      body: { entityRef: 'component:default/driver' },
    });
    expect({ status: answer.status, body: answer.body }).toEqual({
      status: 200,
      body: expect.stringContaining('"application":"driver"'),
    });
    await expectUnchanged();
  });
});

const MUTATION_ROUTES: Attempt[] = [
  ...argoWrites('driver'),
  {
    what: 'traffic save',
    method: 'PUT',
    path: '/api/traffic/policy',
    body: {},
  },
  {
    what: 'traffic preview',
    method: 'POST',
    path: '/api/traffic/preview',
    body: {},
  },
  {
    what: 'start a rollout',
    method: 'POST',
    path: '/api/traffic/rollouts',
    body: {},
  },
  {
    what: 'abort a rollout',
    method: 'POST',
    path: '/api/traffic/rollouts/00000000-0000-4000-8000-000000000000/abort',
    body: { revision: 1 },
  },
  ...(['sync', 'refresh', 'cancel', 'rollback/preview', 'rollback'].map(
    action => ({
      what: `argocd-actions ${action}`,
      method: 'POST',
      path: `${ARGO_ACTIONS}/${action}`,
      body: { entityRef: 'component:default/driver' },
    }),
  ) satisfies Attempt[]),
  {
    what: 'register a location',
    method: 'POST',
    path: '/api/catalog/locations',
    body: { type: 'url', target: 'http://127.0.0.1:7173/x.yaml' },
  },
  {
    what: 'delete a location',
    method: 'DELETE',
    path: '/api/catalog/locations/00000000-0000-0000-0000-000000000000',
  },
  {
    what: 'unregister an entity',
    method: 'DELETE',
    path: '/api/catalog/entities/by-uid/00000000-0000-0000-0000-000000000000',
  },
  {
    what: 'start a template',
    method: 'POST',
    path: '/api/scaffolder/v2/tasks',
    body: { templateRef: 'template:default/ops-service', values: {} },
  },
  {
    what: 'cancel a task',
    method: 'POST',
    path: '/api/scaffolder/v2/tasks/00000000-0000-0000-0000-000000000000/cancel',
  },
  {
    what: 'proxy to the cluster',
    method: 'GET',
    path: '/api/kubernetes/proxy/api/v1/namespaces/driver/secrets',
    headers: CLUSTER_HEADER,
  },
];

describe('without a token', () => {
  it('answers 401 on every mutation route', async () => {
    for (const attempt of MUTATION_ROUTES) {
      await expectRefused(undefined, attempt, [401]);
    }
    await expectUnchanged();
  });
});

describe('names that would change an upstream URL path', () => {
  const entities = ['dotdot-names', 'slash-names'];
  const argoNames = ['..', '.', 'a/b', 'driver/../giropops-senhas'];

  it.each(argoNames)('reads no Argo CD Application named %j', async name => {
    // Dots encoded too, so that no client or proxy folds the path before the backend sees it.
    const encoded = encodeURIComponent(name).replace(/\./g, '%2E');
    const path = `/api/argocd/argoInstance/${ARGO_INSTANCE}/applications/name/${encoded}`;
    const answer = await call(tokens.ana, 'GET', path);
    // Refused (400/403), or an empty state; never an application or a list of them.
    expect([400, 403, 404]).toContain(answer.status);
    expect(answer.body).not.toMatch(/"items"|"metadata"|"spec"/);
  });

  it.each(entities)('shows an empty state for %s', async name => {
    const entityRef = `component:default/${name}`;
    const kong = await call(
      tokens.ana,
      'GET',
      `/api/kong/routes?entityRef=${encodeURIComponent(entityRef)}`,
    );
    expect([200, 400]).toContain(kong.status);
    // 400, or 200 with an empty state: never a route read from the upstream
    expect(
      kong.status === 200 ? JSON.parse(kong.body).routes ?? [] : [],
    ).toEqual([]);
    const traffic = await call(
      tokens.ana,
      'GET',
      `/api/traffic/state?entityRef=${encodeURIComponent(entityRef)}`,
    );
    expect([200, 400]).toContain(traffic.status);
    // 400, or 200 with the not-configured state
    expect(
      traffic.status === 200
        ? Object.keys(JSON.parse(traffic.body))
        : ['notConfigured'],
    ).toContain('notConfigured');
    await expectRefused(
      'ana',
      {
        what: `save traffic for ${name}`,
        method: 'PUT',
        path: '/api/traffic/policy',
        body: {
          entityRef,
          baseVersion: 'x',
          policy: { weights: [{ subset: 'v1', weight: 100 }], resilience: {} },
        },
      },
      [400],
    );
    await expectUnchanged();
  });
});

interface TakeoverCase {
  what: string;
  user: User;
  values: Record<string, unknown>;
  reason: RegExp;
  /**
   * `first`: the run fails at its first step (the server-side ownership preflight); `early`: at
   * any step before the first one with a side effect.
   */
  failsAt?: 'first' | 'early';
}

/** The template's steps that change something outside the task (Keycloak, Git, Argo CD, catalog). */
const SIDE_EFFECT_STEPS = ['keycloak', 'publish', 'argocd', 'register'];

const takeovers: TakeoverCase[] = [
  ...ATTACKERS.map(user => ({
    what: `${user} names a new service driver`,
    user,
    values: serviceValues('driver', { owner: OWN_OWNER[user] }),
    reason: /driver/,
  })),
  {
    what: 'dora names a new service giropops-senhas',
    user: NON_OWNER,
    values: serviceValues('giropops-senhas', {
      owner: OWN_OWNER[NON_OWNER],
      namespace: 'giropops',
    }),
    reason: /giropops-senhas/,
  },
  {
    what: 'ana (team-drivers) names a new service giropops-senhas',
    user: 'ana',
    values: serviceValues('giropops-senhas', { namespace: 'giropops' }),
    reason: /giropops/,
  },
  {
    what: 'bruno creates a service in kube-system',
    user: OWNER_OF_OTHER,
    values: serviceValues('attack-system', {
      owner: OWN_OWNER[OWNER_OF_OTHER],
      namespace: 'kube-system',
    }),
    reason: /kube-system/,
    failsAt: 'early',
  },
  {
    what: 'bruno creates a service in argocd',
    user: OWNER_OF_OTHER,
    values: serviceValues('attack-argocd', {
      owner: OWN_OWNER[OWNER_OF_OTHER],
      namespace: 'argocd',
    }),
    reason: /argocd/,
    failsAt: 'early',
  },
  {
    what: "bruno creates a service in driver's namespace",
    user: OWNER_OF_OTHER,
    values: serviceValues('attack-ns', {
      owner: OWN_OWNER[OWNER_OF_OTHER],
      namespace: 'driver',
    }),
    reason: /Namespace 'driver'/,
    failsAt: 'early',
  },
  {
    what: "bruno takes driver's route path for another service",
    user: OWNER_OF_OTHER,
    values: serviceValues('attack-route', {
      owner: OWN_OWNER[OWNER_OF_OTHER],
      routePath: '/api/driver',
    }),
    reason: /\/api\/driver|route/i,
    failsAt: 'early',
  },
  {
    what: 'bruno names team-drivers as owner',
    user: OWNER_OF_OTHER,
    values: serviceValues('attack-owner', {
      owner: 'group:default/team-drivers',
    }),
    reason: /team-drivers|owner|member/i,
  },
];

describe('template takeover', () => {
  it.each(takeovers)(
    'refuses: $what',
    async ({ user, values, reason, failsAt = 'first' }) => {
      const mark = audit.mark();
      const id = await submitServiceTask(tokens[user], values);
      const { task, events } = await waitForTaskAs(tokens[user], id);
      const steps = taskStepIds(task);
      const statuses = stepStatuses(events);
      const failed = failedStep(events);
      const message = failureMessage(events);
      const notASideEffectStep = expect.not.stringMatching(
        new RegExp(`^(${SIDE_EFFECT_STEPS.join('|')})$`),
      );
      expect({
        status: task.status,
        failedStep: failed,
        sideEffectStepsStarted: SIDE_EFFECT_STEPS.filter(
          s => statuses[s] !== undefined && statuses[s] !== 'skipped',
        ),
        message,
      }).toEqual({
        status: 'failed',
        failedStep: failsAt === 'first' ? steps[0] : notASideEffectStep,
        sideEffectStepsStarted: [],
        message: expect.stringMatching(reason),
      });
      await audit.waitFor(mark, `the failed run ${id}`, refusalOf(user));
      await expectUnchanged();
    },
  );
});
