import {
  AuditorServiceEvent,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { JsonObject } from '@backstage/types';
import { waitFor } from '@internal/sandbox/testing';
import request from 'supertest';
import { trafficPlugin } from './plugin';
import { startCountingProxy } from './__testUtils__/countingProxy';
import {
  component,
  DEMO_OWNER,
  sandboxEntities,
  startTrafficSandbox,
  TrafficSandbox,
} from './__testUtils__/trafficSandbox';

// Starts local servers (git, the local platform): room for a loaded 2-core CI machine.
jest.setTimeout(60_000);

const NGINX = 'component:default/nginx-ab';
const ISTIO_FILE = 'services/nginx-ab/istio.yaml';
const GUEST = mockCredentials.user.header('user:default/guest');

const split = (v1: number, v2: number) => ({
  weights: [
    { subset: 'v1', weight: v1 },
    { subset: 'v2', weight: v2 },
  ],
  resilience: {},
});

/** A permissions service that allows exactly the named permissions. */
function permissionsAllowing(...names: string[]) {
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

const ALL = ['ops.traffic.update', 'ops.resilience.update'];

describe('traffic router', () => {
  let env: TrafficSandbox;

  beforeAll(async () => {
    env = await startTrafficSandbox();
  });

  afterAll(async () => {
    await env.stop();
  });

  async function start(
    options: {
      permissions?: ReturnType<typeof permissionsAllowing>;
      config?: JsonObject;
    } = {},
  ) {
    const auditor = mockServices.auditor.mock();
    const events: Array<{ options: any; success: jest.Mock; fail: jest.Mock }> =
      [];
    auditor.createEvent.mockImplementation(async eventOptions => {
      const event = {
        options: eventOptions,
        success: jest.fn(),
        fail: jest.fn(),
      };
      events.push(event);
      return event as unknown as AuditorServiceEvent;
    });
    const permissions = options.permissions ?? permissionsAllowing(...ALL);
    const memory = catalogServiceMock({
      entities: [
        ...sandboxEntities,
        component('bad', { 'backstage.io/kubernetes-id': 'Bad_Name' }),
        component('bad-app', {
          'backstage.io/kubernetes-id': 'nginx-ab',
          'backstage.io/kubernetes-namespace': 'nginx-ab',
          'argocd/app-name': '../../settings',
        }),
        // team-a's entity whose annotations point at team-mesh's objects.
        component(
          'intruder',
          {
            'backstage.io/kubernetes-id': 'nginx-ab',
            'backstage.io/kubernetes-namespace': 'nginx-ab',
            'argocd/app-name': 'nginx-ab',
          },
          'team-a',
        ),
      ],
    });
    // The in-memory catalog, with its lookups counted.
    const catalog = catalogServiceMock.mock({
      getEntityByRef: jest.fn((ref, lookup) =>
        memory.getEntityByRef(ref, lookup),
      ),
    });
    const { server } = await startTestBackend({
      features: [
        trafficPlugin,
        catalog.factory,
        mockServices.rootConfig.factory({ data: options.config ?? env.config }),
        (permissions as unknown as { factory: any }).factory,
        auditor.factory,
      ],
    });
    return {
      server,
      events,
      catalog,
      permissions: permissions as PermissionsService,
    };
  }

  async function currentState(server: any) {
    const response = await request(server)
      .get('/api/traffic/state')
      .query({ entityRef: NGINX })
      .set('Authorization', GUEST);
    expect(response.status).toBe(200);
    return response.body;
  }

  async function currentVersion(server: any): Promise<string> {
    return (await currentState(server)).version;
  }

  describe('GET /state', () => {
    it('reads the entity from the catalog once per request, as the caller', async () => {
      const { server, catalog } = await start();
      const state = await request(server)
        .get('/api/traffic/state')
        .query({ entityRef: NGINX })
        .set('Authorization', GUEST);
      expect(state.status).toBe(200);
      expect(catalog.getEntityByRef).toHaveBeenCalledTimes(1);
      expect(catalog.getEntityByRef).toHaveBeenCalledWith(NGINX, {
        credentials: expect.objectContaining({ principal: expect.anything() }),
      });

      catalog.getEntityByRef.mockClear();
      const preview = await request(server)
        .post('/api/traffic/preview')
        .set('Authorization', GUEST)
        .send({
          entityRef: NGINX,
          policy: split(80, 20),
          baseVersion: state.body.version,
        });
      expect(preview.status).toBe(200);
      expect(catalog.getEntityByRef).toHaveBeenCalledTimes(1);
    });

    it('answers the state of a Git-managed entity without any credential in it', async () => {
      const { server } = await start();
      const response = await request(server)
        .get('/api/traffic/state')
        .query({ entityRef: NGINX })
        .set('Authorization', GUEST);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        entityRef: NGINX,
        management: { mode: 'git', files: { virtualService: ISTIO_FILE } },
        desired: split(100, 0),
      });
      expect(JSON.stringify(response.body)).not.toMatch(
        /traffic-test-.*-token/,
      );
    });

    it.each([
      [
        'component:default/docs',
        {
          reason: 'missing-annotation',
          annotation: 'backstage.io/kubernetes-id',
          message:
            'component:default/docs has no backstage.io/kubernetes-id annotation: the traffic editor finds the VirtualService and DestinationRule through it',
        },
      ],
      [
        'component:default/bad',
        {
          reason: 'invalid-annotation',
          annotation: 'backstage.io/kubernetes-id',
          message:
            "component:default/bad has an invalid backstage.io/kubernetes-id annotation 'Bad_Name': it must be a Kubernetes name (DNS-1123)",
        },
      ],
      [
        'component:default/bad-app',
        {
          reason: 'invalid-annotation',
          annotation: 'argocd/app-name',
          message:
            "component:default/bad-app has an invalid argocd/app-name annotation '../../settings': it must be a Kubernetes name (DNS-1123)",
        },
      ],
      [
        'component:default/echo',
        {
          reason: 'object-not-found',
          annotation: 'ops-portal/istio-virtualservice',
          message:
            'No VirtualService echo in namespace echo; name it with the ops-portal/istio-virtualservice annotation (default: the kubernetes-id)',
        },
      ],
    ])('answers %s as not configured', async (entityRef, notConfigured) => {
      const { server } = await start();
      const response = await request(server)
        .get('/api/traffic/state')
        .query({ entityRef })
        .set('Authorization', GUEST);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ notConfigured });
    });

    it.each([
      [{}, 400, 'entityRef is required'],
      [
        { entityRef: 'component:default/ghost' },
        404,
        'entity component:default/ghost not found',
      ],
    ])('answers %j with %i', async (query, status, message) => {
      const { server } = await start();
      const response = await request(server)
        .get('/api/traffic/state')
        .query(query)
        .set('Authorization', GUEST);
      expect(response.status).toBe(status);
      expect(response.body.error.message).toBe(message);
    });

    it('answers 503 naming the cluster, not its URL, when the Kubernetes API is unreachable', async () => {
      const config = JSON.parse(JSON.stringify(env.config));
      config.kubernetes.clusterLocatorMethods[0].clusters[0].url =
        'http://127.0.0.1:1';
      const { server } = await start({ config });
      const response = await request(server)
        .get('/api/traffic/state')
        .query({ entityRef: NGINX })
        .set('Authorization', GUEST);
      expect(response.status).toBe(503);
      expect(response.body.error.message).toBe(
        "Kubernetes cluster 'sandbox' is unreachable (ECONNREFUSED) while reading VirtualService nginx-ab/nginx-ab",
      );
      expect(JSON.stringify(response.body)).not.toContain('127.0.0.1:1');
      expect(response.body.error.stack).toBeUndefined();
      expect(JSON.stringify(response.body)).not.toContain(
        'traffic-test-kube-token',
      );
    });
  });

  describe('PUT /policy validation', () => {
    it.each([
      [
        'weights that do not sum to 100',
        { policy: split(80, 30) },
        'policy.weights: weights must sum to 100 (they sum to 110)',
      ],
      [
        'a fractional and a negative weight',
        {
          policy: {
            weights: [
              { subset: 'v1', weight: 80.5 },
              { subset: 'v2', weight: -1 },
            ],
            resilience: {},
          },
        },
        'policy.weights.0.weight: weight must be a whole number; policy.weights.1.weight: weight must be between 0 and 100',
      ],
      [
        'a forged field',
        { policy: split(80, 20), owner: 'user:default/mallory' },
        "Unrecognized key(s) in object: 'owner'",
      ],
      [
        'a forged field in the policy',
        { policy: { ...split(80, 20), mirror: { host: 'evil' } } },
        "policy: Unrecognized key(s) in object: 'mirror'",
      ],
      [
        'a timeout that is not an Istio duration and a subset twice',
        {
          policy: {
            weights: [
              { subset: 'v1', weight: 50 },
              { subset: 'v1', weight: 50 },
            ],
            resilience: { timeout: '5 seconds' },
          },
        },
        'policy.weights.1.subset: subset v1 is listed twice; policy.resilience.timeout: request timeout must be an Istio duration such as 100ms, 1.5s, 2m or 1h',
      ],
      [
        'no baseVersion',
        { policy: split(80, 20), baseVersion: undefined },
        'baseVersion: Required',
      ],
    ])(
      'refuses %s with 400, writes nothing and audits it',
      async (_case, body, message) => {
        const { server, events, permissions } = await start();
        const commits = await env.log();
        const response = await request(server)
          .put('/api/traffic/policy')
          .set('Authorization', GUEST)
          .send({ entityRef: NGINX, baseVersion: 'git:any', ...body });
        expect(response.status).toBe(400);
        expect(response.body.error).toMatchObject({
          name: 'InputError',
          message,
        });
        expect(await env.log()).toEqual(commits);
        expect(permissions.authorize).not.toHaveBeenCalled();
        expect(events).toHaveLength(1);
        expect(events[0].fail).toHaveBeenCalledWith(
          expect.objectContaining({
            meta: expect.objectContaining({
              outcome: 'invalid',
              actor: 'user:default/guest',
            }),
          }),
        );
      },
    );
  });

  describe('permissions', () => {
    it('answers 403 to a user without permission: no commit, an audited denial', async () => {
      const { server, events, permissions } = await start({
        permissions: permissionsAllowing(),
      });
      const state = await request(server)
        .get('/api/traffic/state')
        .query({ entityRef: NGINX })
        .set('Authorization', GUEST);
      const baseVersion = state.body.version;
      const commits = await env.log();
      const response = await request(server)
        .put('/api/traffic/policy')
        .set(
          'Authorization',
          mockCredentials.user.header('user:default/mallory'),
        )
        .send({ entityRef: NGINX, policy: split(50, 50), baseVersion });

      expect(response.status).toBe(403);
      expect(response.body.error).toMatchObject({
        name: 'NotAllowedError',
        message: `You may not change the traffic policy of ${NGINX} (ops.traffic.update, ops.resilience.update): only its owners and the admin groups may`,
      });
      expect(permissions.authorize).toHaveBeenCalledWith(
        [
          {
            permission: expect.objectContaining({ name: 'ops.traffic.update' }),
            resourceRef: NGINX,
          },
          {
            permission: expect.objectContaining({
              name: 'ops.resilience.update',
            }),
            resourceRef: NGINX,
          },
        ],
        {
          credentials: expect.objectContaining({
            principal: expect.objectContaining({
              userEntityRef: 'user:default/mallory',
            }),
          }),
        },
      );
      expect(await env.log()).toEqual(commits);
      expect(events).toHaveLength(1);
      expect(events[0].options).toMatchObject({
        eventId: 'traffic-update',
        severityLevel: 'medium',
      });
      expect(events[0].fail).toHaveBeenCalledWith({
        error: expect.objectContaining({ name: 'NotAllowedError' }),
        meta: expect.objectContaining({
          outcome: 'denied',
          actor: 'user:default/mallory',
          entityRef: NGINX,
          after: split(50, 50),
        }),
      });
      // Denied before the current state was read: there is no `before`.
      expect(events[0].fail.mock.calls[0][0].meta.before).toBeUndefined();
      expect(events[0].success).not.toHaveBeenCalled();
    });

    it('refuses a resilience change from a user who may only shift traffic', async () => {
      const { server, events } = await start({
        permissions: permissionsAllowing('ops.traffic.update'),
      });
      const baseVersion = await currentVersion(server);
      const commits = await env.log();
      const response = await request(server)
        .put('/api/traffic/policy')
        .set('Authorization', GUEST)
        .send({
          entityRef: NGINX,
          policy: {
            ...split(50, 50),
            resilience: {
              fault: { abort: { httpStatus: 500, percentage: 100 } },
            },
          },
          baseVersion,
        });
      expect(response.status).toBe(403);
      expect(response.body.error.message).toBe(
        `You may not change the traffic split and resilience policy of ${NGINX} (ops.resilience.update): only its owners and the admin groups may`,
      );
      expect(await env.log()).toEqual(commits);
      expect(events[0].fail).toHaveBeenCalled();
    });

    it('previews only for users who may save, and writes nothing', async () => {
      const denied = await start({ permissions: permissionsAllowing() });
      const baseVersion = await currentVersion(denied.server);
      const body = { entityRef: NGINX, policy: split(80, 20), baseVersion };
      const refused = await request(denied.server)
        .post('/api/traffic/preview')
        .set('Authorization', GUEST)
        .send(body);
      expect(refused.status).toBe(403);
      expect(denied.events).toHaveLength(1);
      expect(denied.events[0].options).toMatchObject({
        eventId: 'traffic-preview',
      });
      expect(denied.events[0].fail).toHaveBeenCalledWith({
        error: expect.objectContaining({ name: 'NotAllowedError' }),
        meta: expect.objectContaining({ outcome: 'denied', entityRef: NGINX }),
      });

      const { server, events } = await start();
      const commits = await env.log();
      const response = await request(server)
        .post('/api/traffic/preview')
        .set('Authorization', GUEST)
        .send(body);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        mode: 'git',
        change: { weights: true, resilience: false },
        files: [{ path: ISTIO_FILE }],
      });
      expect(response.body.files[0].before).toContain('weight: 100');
      expect(response.body.files[0].after).toContain('weight: 80');
      expect(await env.log()).toEqual(commits);
      expect(await currentVersion(server)).toBe(baseVersion);
      expect(events).toHaveLength(0);
    });
  });

  describe('before any upstream is read', () => {
    /** The config with the cluster, Argo CD and the GitOps repository behind counting proxies. */
    async function proxiedUpstreams() {
      const kube = await startCountingProxy(env.sandbox.urls.kubernetes);
      const argo = await startCountingProxy(env.sandbox.urls.argocd);
      const git = await startCountingProxy(env.sandbox.urls.git);
      const config = JSON.parse(JSON.stringify(env.config));
      config.kubernetes.clusterLocatorMethods[0].clusters[0].url = kube.url;
      config.argocd.appLocatorMethods[0].instances[0].url = argo.url;
      config.opsPortal.gitops.repoUrl = config.opsPortal.gitops.repoUrl.replace(
        env.sandbox.urls.git,
        git.url,
      );
      return {
        config,
        requests: () => [...kube.requests, ...argo.requests, ...git.requests],
        stop: () => Promise.all([kube.stop(), argo.stop(), git.stop()]),
      };
    }

    it.each([
      ['POST', '/api/traffic/preview'],
      ['PUT', '/api/traffic/policy'],
    ])(
      'refuses %s %s from a caller without permission with no upstream request',
      async (method, path) => {
        const upstreams = await proxiedUpstreams();
        try {
          const { server, events } = await start({
            permissions: permissionsAllowing(),
            config: upstreams.config,
          });
          const call =
            method === 'PUT'
              ? request(server).put(path)
              : request(server).post(path);
          const response = await call.set('Authorization', GUEST).send({
            entityRef: NGINX,
            policy: split(50, 50),
            baseVersion: 'git:x',
          });
          expect(response.status).toBe(403);
          expect(upstreams.requests()).toEqual([]);
          expect(events).toHaveLength(1);
          expect(events[0].fail).toHaveBeenCalledWith(
            expect.objectContaining({
              meta: expect.objectContaining({ outcome: 'denied' }),
            }),
          );
        } finally {
          await upstreams.stop();
        }
      },
    );

    it('reaches the upstreams through the same proxies once the caller may edit', async () => {
      const upstreams = await proxiedUpstreams();
      try {
        const { server } = await start({ config: upstreams.config });
        const response = await request(server)
          .post('/api/traffic/preview')
          .set('Authorization', GUEST)
          .send({
            entityRef: NGINX,
            policy: split(50, 50),
            baseVersion: 'git:x',
          });
        expect(response.status).not.toBe(403);
        expect(upstreams.requests()).toContain(
          'GET /api/v1/namespaces/nginx-ab',
        );
      } finally {
        await upstreams.stop();
      }
    });
  });

  describe('upstream reads of a save', () => {
    it('reads the state once before the commit and once for the answer', async () => {
      const kube = await startCountingProxy(env.sandbox.urls.kubernetes);
      try {
        const config = JSON.parse(JSON.stringify(env.config));
        config.kubernetes.clusterLocatorMethods[0].clusters[0].url = kube.url;
        const { server } = await start({ config });
        const baseVersion = await currentVersion(server);
        const virtualServiceReads = () =>
          kube.requests.filter(r =>
            /^GET \/apis\/networking\.istio\.io\/v1\/namespaces\/nginx-ab\/virtualservices\/nginx-ab$/.test(
              r,
            ),
          ).length;
        const readsBefore = virtualServiceReads();
        expect(readsBefore).toBe(1);

        const saved = await request(server)
          .put('/api/traffic/policy')
          .set('Authorization', GUEST)
          .send({ entityRef: NGINX, policy: split(40, 60), baseVersion });
        expect(saved.status).toBe(200);
        expect(saved.body.outcome).toBe('committed');
        // One read inside the entity's lock, one after the commit for the answer.
        expect(virtualServiceReads() - readsBefore).toBe(2);
      } finally {
        await kube.stop();
      }
    });
  });

  describe('namespace ownership', () => {
    const INTRUDER = 'component:default/intruder';

    async function clusterObjects() {
      const { store } = env.sandbox;
      const type = (kind: string) =>
        store.typeFor('networking.istio.io/v1', kind)!;
      return JSON.stringify([
        store.get(type('VirtualService'), 'nginx-ab', 'nginx-ab'),
        store.get(type('DestinationRule'), 'nginx-ab', 'nginx-ab'),
      ]);
    }

    it.each([
      ['PUT', '/api/traffic/policy', 'traffic-update'],
      ['POST', '/api/traffic/preview', 'traffic-preview'],
    ])(
      "refuses %s %s on another team's namespace: 403 with the reason, nothing written, audited",
      async (method, path, eventId) => {
        const { server, events } = await start();
        const baseVersion = await currentVersion(server);
        const commits = await env.log();
        const objects = await clusterObjects();
        const call =
          method === 'PUT'
            ? request(server).put(path)
            : request(server).post(path);
        const response = await call
          .set(
            'Authorization',
            mockCredentials.user.header('user:default/alice'),
          )
          .send({ entityRef: INTRUDER, policy: split(0, 100), baseVersion });

        expect(response.status).toBe(403);
        expect(response.body.error).toMatchObject({
          name: 'NotAllowedError',
          message: `namespace nginx-ab belongs to ${DEMO_OWNER}, not to the owner of ${INTRUDER} (group:default/team-a)`,
        });
        expect(await env.log()).toEqual(commits);
        expect(await clusterObjects()).toBe(objects);
        expect(events).toHaveLength(1);
        expect(events[0].options).toMatchObject({ eventId });
        expect(events[0].fail).toHaveBeenCalledWith({
          error: expect.objectContaining({ name: 'NotAllowedError' }),
          meta: expect.objectContaining({
            outcome: 'denied',
            actor: 'user:default/alice',
            entityRef: INTRUDER,
            namespace: 'nginx-ab',
          }),
        });
      },
    );

    it('refuses a namespace that is not marked with its owner, and accepts it once marked', async () => {
      const { server } = await start();
      const baseVersion = await currentVersion(server);
      const body = { entityRef: NGINX, policy: split(90, 10), baseVersion };
      await env.setNamespaceOwner('nginx-ab', undefined);
      try {
        const refused = await request(server)
          .post('/api/traffic/preview')
          .set('Authorization', GUEST)
          .send(body);
        expect(refused.status).toBe(403);
        expect(refused.body.error.message).toBe(
          `namespace nginx-ab is not marked with ops-portal/owner: the traffic editor acts only in namespaces that belong to the owner of ${NGINX}`,
        );
      } finally {
        await env.setNamespaceOwner('nginx-ab', DEMO_OWNER);
      }
      const accepted = await request(server)
        .post('/api/traffic/preview')
        .set('Authorization', GUEST)
        .send(body);
      expect(accepted.status).toBe(200);
    });
  });

  it('saves, then answers a stale base with 409 and the current state', async () => {
    const { server } = await start();
    const baseVersion = await currentVersion(server);
    const saved = await request(server)
      .put('/api/traffic/policy')
      .set('Authorization', GUEST)
      .send({ entityRef: NGINX, policy: split(70, 30), baseVersion });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({
      outcome: 'committed',
      mode: 'git',
      warnings: [],
    });
    // Argo CD applies the commit in the background; once it has, the state stays put.
    const current = await waitFor(
      async () => {
        const state = await currentState(server);
        return state.sync === 'synced' && state;
      },
      { what: 'Argo CD to apply the commit' },
    );
    expect(current.desired).toEqual(saved.body.state.desired);

    const stale = await request(server)
      .put('/api/traffic/policy')
      .set('Authorization', GUEST)
      .send({ entityRef: NGINX, policy: split(60, 40), baseVersion });
    expect(stale.status).toBe(409);
    expect(stale.body).toEqual({
      error: {
        name: 'ConflictError',
        message:
          'The traffic policy changed since the edit started; review the current state and apply the edit again',
      },
      current,
    });
  });

  describe('rollouts', () => {
    const MALLORY = mockCredentials.user.header('user:default/mallory');
    /** The step loop never runs during these tests: the routes alone are under test. */
    const quietConfig = (): JsonObject => ({
      ...env.config,
      opsPortal: {
        ...(env.config.opsPortal as JsonObject),
        traffic: {
          ...((env.config.opsPortal as JsonObject).traffic as JsonObject),
          rollouts: { tickSeconds: 3600 },
        },
      },
    });
    /** ops.traffic.update for the guest (an owner), nothing for anyone else. */
    function guestOnly() {
      const permissions = mockServices.permissions.mock();
      permissions.authorize.mockImplementation(async (requests, options) =>
        requests.map(() => ({
          result:
            (options?.credentials.principal as { userEntityRef?: string })
              ?.userEntityRef === 'user:default/guest'
              ? AuthorizeResult.ALLOW
              : AuthorizeResult.DENY,
        })),
      );
      return permissions;
    }

    it('lets the owner start a rollout and a signed-in non-owner neither start nor act on it: 403, nothing changes, audited', async () => {
      const { server, events } = await start({
        permissions: guestOnly() as any,
        config: quietConfig(),
      });
      const commits = await env.log();

      const refused = await request(server)
        .post('/api/traffic/rollouts')
        .set('Authorization', MALLORY)
        .send({ entityRef: NGINX, canarySubset: 'v2' });
      expect(refused.status).toBe(403);
      const empty = await request(server)
        .get('/api/traffic/rollouts')
        .query({ entityRef: NGINX })
        .set('Authorization', GUEST);
      expect(empty.body).toEqual({ recent: [] });

      const started = await request(server)
        .post('/api/traffic/rollouts')
        .set('Authorization', GUEST)
        .send({
          entityRef: NGINX,
          canarySubset: 'v2',
          plan: { steps: [20, 100], intervalSeconds: 60 },
        });
      expect(started.status).toBe(201);
      expect(started.body).toMatchObject({
        entityRef: NGINX,
        canarySubset: 'v2',
        stableSubset: 'v1',
        status: 'running',
        startedBy: 'user:default/guest',
        plan: { steps: [20, 100], intervalSeconds: 60, maxFailedChecks: 2 },
      });

      for (const action of ['pause', 'resume', 'abort', 'promote']) {
        const response = await request(server)
          .post(`/api/traffic/rollouts/${started.body.id}/${action}`)
          .set('Authorization', MALLORY)
          .send({ revision: started.body.revision });
        expect(response.status).toBe(403);
      }
      const after = await request(server)
        .get('/api/traffic/rollouts')
        .query({ entityRef: NGINX })
        .set('Authorization', GUEST);
      expect(after.body.active).toEqual(started.body);
      expect(await env.log()).toEqual(commits);
      const rolloutEvents = events.filter(
        e => e.options.eventId === 'traffic-rollout',
      );
      expect(
        rolloutEvents.map(e =>
          e.fail.mock.calls.length
            ? `${e.fail.mock.calls[0][0].meta.action} ${e.fail.mock.calls[0][0].meta.outcome}`
            : `${e.success.mock.calls[0][0].meta.action} success`,
        ),
      ).toEqual([
        'start denied',
        'start success',
        'pause denied',
        'resume denied',
        'abort denied',
        'promote denied',
      ]);

      const aborted = await request(server)
        .post(`/api/traffic/rollouts/${started.body.id}/abort`)
        .set('Authorization', GUEST)
        .send({ revision: started.body.revision });
      expect(aborted.status).toBe(200);
      expect(aborted.body).toMatchObject({ status: 'running', phase: 'abort' });
    });

    it('answers a body that does not parse with 400 naming each problem, audited, and stores nothing', async () => {
      const { server, events } = await start({ config: quietConfig() });
      const response = await request(server)
        .post('/api/traffic/rollouts')
        .set('Authorization', GUEST)
        .send({
          entityRef: NGINX,
          canarySubset: 'V2!',
          plan: { steps: [50, 30], intervalSeconds: 1, maxFailedChecks: 0 },
        });

      expect(response.status).toBe(400);
      expect(response.body.error.message).toBe(
        'canarySubset: canarySubset must be a DNS-1123 label (a-z, 0-9, -); plan.steps: steps must increase; plan.steps: the last step must be 100; plan.intervalSeconds: intervalSeconds must be at least 5; plan.maxFailedChecks: maxFailedChecks must be from 1 to 20',
      );
      expect(events).toHaveLength(1);
      expect(events[0].fail.mock.calls[0][0].meta).toMatchObject({
        action: 'start',
        outcome: 'invalid',
        entityRef: NGINX,
      });
      const list = await request(server)
        .get('/api/traffic/rollouts')
        .query({ entityRef: NGINX })
        .set('Authorization', GUEST);
      expect(list.body).toEqual({ recent: [] });
    });

    it('refuses an interval under the configured minimum, an unknown subset, an unknown action and a service caller', async () => {
      const { server } = await start({ config: quietConfig() });
      const short = await request(server)
        .post('/api/traffic/rollouts')
        .set('Authorization', GUEST)
        .send({
          entityRef: NGINX,
          canarySubset: 'v2',
          plan: { intervalSeconds: 10 },
        });
      expect(short.status).toBe(400);
      expect(short.body.error.message).toBe(
        'plan.intervalSeconds must be at least 30 here (opsPortal.traffic.rollouts.minIntervalSeconds)',
      );
      const unknown = await request(server)
        .post('/api/traffic/rollouts')
        .set('Authorization', GUEST)
        .send({ entityRef: NGINX, canarySubset: 'v3' });
      expect(unknown.status).toBe(400);
      expect(unknown.body.error.message).toBe(
        `${NGINX} has no subset v3 (its DestinationRule has v1, v2)`,
      );
      const action = await request(server)
        .post(
          '/api/traffic/rollouts/00000000-0000-4000-8000-000000000000/delete',
        )
        .set('Authorization', GUEST)
        .send({ revision: 1 });
      expect(action.status).toBe(404);
      const service = await request(server)
        .post('/api/traffic/rollouts')
        .set('Authorization', mockCredentials.service.header())
        .send({ entityRef: NGINX, canarySubset: 'v2' });
      expect(service.status).toBe(403);
    });
  });
});
