import { Server } from 'node:http';
import { AddressInfo } from 'node:net';
import {
  AppsV1Api,
  AutoscalingV2Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  PatchStrategy,
  setHeaderOptions,
  V1Deployment,
} from '@kubernetes/client-node';
import { MemoryClusterStore } from '../cluster/MemoryClusterStore';
import { createNamespaces } from '../testUtils/createNamespaces';
import { expectApiError, kubeConfig } from './__testUtils__/kubeClient';
import { createKubeApiRouter } from './createKubeApiRouter';

const TOKEN = 'test-token';

function deployment(name: string, replicas = 1): V1Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name,
      namespace: 'shop',
      labels: { 'backstage.io/kubernetes-id': name },
    },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'app', image: `${name}:1.0.0` }] },
      },
    },
  };
}

describe('createKubeApiRouter with @kubernetes/client-node', () => {
  let server: Server;
  let store: MemoryClusterStore;
  let kc: KubeConfig;
  let port: number;

  beforeAll(async () => {
    store = new MemoryClusterStore();
    createNamespaces(store, 'shop');
    const app = createKubeApiRouter({ store, token: TOKEN });
    server = await new Promise<Server>(resolve => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    port = (server.address() as AddressInfo).port;
    kc = kubeConfig(port, TOKEN);
  });

  afterAll(async () => {
    await new Promise(resolve => server.close(resolve));
  });

  it('creates, reads and lists deployments and pods by label selector', async () => {
    const apps = kc.makeApiClient(AppsV1Api);
    const created = await apps.createNamespacedDeployment({
      namespace: 'shop',
      body: deployment('driver'),
    });
    expect(created.metadata?.uid).toBeDefined();
    expect(created.metadata?.generation).toBe(1);

    const read = await apps.readNamespacedDeployment({
      name: 'driver',
      namespace: 'shop',
    });
    expect(read.spec?.template.spec?.containers[0].image).toBe('driver:1.0.0');
    expect(read.kind).toBe('Deployment');

    store.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'driver-1',
        namespace: 'shop',
        labels: { app: 'driver' },
      },
    });
    store.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'other-1',
        namespace: 'shop',
        labels: { app: 'other' },
      },
    });
    const core = kc.makeApiClient(CoreV1Api);
    const pods = await core.listNamespacedPod({
      namespace: 'shop',
      labelSelector: 'app=driver',
    });
    expect(pods.kind).toBe('PodList');
    expect(pods.items.map(p => p.metadata?.name)).toEqual(['driver-1']);
    // Like the API server, items of a built-in list carry no apiVersion/kind of their own.
    expect(pods.items[0].apiVersion).toBeUndefined();
    expect(Number(pods.metadata?.resourceVersion)).toBeGreaterThan(0);

    const all = await core.listPodForAllNamespaces({
      labelSelector: 'app notin (driver)',
    });
    expect(all.items.map(p => p.metadata?.name)).toEqual(['other-1']);
  });

  it('patches with a merge patch and with the default JSON patch', async () => {
    const apps = kc.makeApiClient(AppsV1Api);
    await apps.createNamespacedDeployment({
      namespace: 'shop',
      body: deployment('patched'),
    });

    const merged = await apps.patchNamespacedDeployment(
      { name: 'patched', namespace: 'shop', body: { spec: { replicas: 4 } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    expect(merged.spec?.replicas).toBe(4);
    expect(merged.metadata?.generation).toBe(2);

    const jsonPatched = await apps.patchNamespacedDeployment({
      name: 'patched',
      namespace: 'shop',
      body: [
        { op: 'test', path: '/spec/replicas', value: 4 },
        {
          op: 'replace',
          path: '/spec/template/spec/containers/0/image',
          value: 'patched:2',
        },
      ],
    });
    expect(jsonPatched.spec?.template.spec?.containers[0].image).toBe(
      'patched:2',
    );

    const failedTest = await expectApiError(
      apps.patchNamespacedDeployment({
        name: 'patched',
        namespace: 'shop',
        body: [{ op: 'test', path: '/spec/replicas', value: 1 }],
      }),
      422,
    );
    expect(failedTest.reason).toBe('Invalid');
  });

  it('answers a stale replace with 409 Conflict', async () => {
    const apps = kc.makeApiClient(AppsV1Api);
    const created = await apps.createNamespacedDeployment({
      namespace: 'shop',
      body: deployment('raced'),
    });
    await apps.replaceNamespacedDeployment({
      name: 'raced',
      namespace: 'shop',
      body: { ...created, spec: { ...created.spec!, replicas: 2 } },
    });
    const body = await expectApiError(
      apps.replaceNamespacedDeployment({
        name: 'raced',
        namespace: 'shop',
        body: { ...created, spec: { ...created.spec!, replicas: 3 } },
      }),
      409,
    );
    expect(body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'Operation cannot be fulfilled on deployments.apps "raced": the object has been modified; please apply your changes to the latest version and try again',
      reason: 'Conflict',
      details: { name: 'raced', group: 'apps', kind: 'deployments' },
      code: 409,
    });
  });

  it('answers 404, 409 AlreadyExists and 401 with Status bodies', async () => {
    const apps = kc.makeApiClient(AppsV1Api);
    const missing = await expectApiError(
      apps.readNamespacedDeployment({ name: 'nope', namespace: 'shop' }),
      404,
    );
    expect(missing).toMatchObject({
      reason: 'NotFound',
      message: 'deployments.apps "nope" not found',
      details: { name: 'nope', group: 'apps', kind: 'deployments' },
    });

    await apps.createNamespacedDeployment({
      namespace: 'shop',
      body: deployment('twice'),
    });
    const duplicate = await expectApiError(
      apps.createNamespacedDeployment({
        namespace: 'shop',
        body: deployment('twice'),
      }),
      409,
    );
    expect(duplicate.reason).toBe('AlreadyExists');

    const intruder = kubeConfig(port, 'wrong-token').makeApiClient(CoreV1Api);
    await expectApiError(
      intruder.listNamespacedPod({ namespace: 'shop' }),
      401,
    );
    // The generated client drops the body of a 401, so read it directly.
    const raw = await fetch(
      `http://127.0.0.1:${port}/api/v1/namespaces/shop/pods`,
      {
        headers: { Authorization: 'Bearer wrong-token' },
      },
    );
    expect(await raw.json()).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Unauthorized',
      reason: 'Unauthorized',
      code: 401,
    });
  });

  it('serves Istio custom objects through CustomObjectsApi', async () => {
    store.create({
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'driver', namespace: 'shop' },
      spec: {
        http: [
          {
            route: [
              { destination: { host: 'driver', subset: 'v1' }, weight: 100 },
            ],
          },
        ],
      },
    });
    const custom = kc.makeApiClient(CustomObjectsApi);
    const coordinates = {
      group: 'networking.istio.io',
      version: 'v1',
      namespace: 'shop',
    };
    const list = await custom.listNamespacedCustomObject({
      ...coordinates,
      plural: 'virtualservices',
    });
    expect(list.kind).toBe('VirtualServiceList');
    expect(list.items.map((i: any) => i.metadata.name)).toEqual(['driver']);

    const vs = await custom.getNamespacedCustomObject({
      ...coordinates,
      plural: 'virtualservices',
      name: 'driver',
    });
    vs.spec.http[0].route = [
      { destination: { host: 'driver', subset: 'v1' }, weight: 80 },
      { destination: { host: 'driver', subset: 'v2' }, weight: 20 },
    ];
    const replaced = await custom.replaceNamespacedCustomObject({
      ...coordinates,
      plural: 'virtualservices',
      name: 'driver',
      body: vs,
    });
    expect(replaced.spec.http[0].route.map((r: any) => r.weight)).toEqual([
      80, 20,
    ]);
    expect(Number(replaced.metadata.resourceVersion)).toBeGreaterThan(
      Number(vs.metadata.resourceVersion),
    );
    await expectApiError(
      custom.replaceNamespacedCustomObject({
        ...coordinates,
        plural: 'virtualservices',
        name: 'driver',
        body: vs,
      }),
      409,
    );
  });

  it('reads a HorizontalPodAutoscaler through AutoscalingV2Api', async () => {
    store.create({
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'driver', namespace: 'shop' },
      spec: {
        scaleTargetRef: {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: 'driver',
        },
        minReplicas: 2,
        maxReplicas: 5,
      },
    });
    const autoscaling = kc.makeApiClient(AutoscalingV2Api);
    const hpa = await autoscaling.readNamespacedHorizontalPodAutoscaler({
      name: 'driver',
      namespace: 'shop',
    });
    expect(hpa.spec?.maxReplicas).toBe(5);
    expect(hpa.spec?.scaleTargetRef.name).toBe('driver');
  });
});
