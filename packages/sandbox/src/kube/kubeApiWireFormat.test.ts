import request from 'supertest';
import { MemoryClusterStore } from '../cluster/MemoryClusterStore';
import { createNamespaces } from '../testUtils/createNamespaces';
import { createKubeApiRouter } from './createKubeApiRouter';

const auth = { Authorization: 'Bearer t0ken' };

function setup() {
  const store = new MemoryClusterStore();
  createNamespaces(store, 'shop', 'argocd');
  const app = createKubeApiRouter({ store, token: 't0ken' });
  return { store, app };
}

const configMap = (name: string, namespace = 'shop') => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace },
  data: { key: 'value' },
});

describe('Kubernetes API wire format', () => {
  it('answers the requests the Backstage Kubernetes backend sends', async () => {
    const { app, store } = setup();
    for (const [name, id] of [
      ['driver-abc', 'driver'],
      ['rider-abc', 'rider'],
    ]) {
      store.create({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name,
          namespace: 'shop',
          labels: { 'backstage.io/kubernetes-id': id },
        },
      });
    }
    // KubernetesConnection builds `labelSelector=<encodeURIComponent(selector)>`.
    const selector = 'labelSelector=backstage.io%2Fkubernetes-id%3Ddriver';
    for (const path of ['/api/v1/namespaces/shop/pods', '/api/v1/pods']) {
      const res = await request(app)
        .get(`${path}?${selector}`)
        .set({
          ...auth,
          Accept: 'application/json',
          'Content-Type': 'application/json',
        })
        .expect(200);
      expect(res.body.kind).toBe('PodList');
      expect(res.body.items.map((p: any) => p.metadata.name)).toEqual([
        'driver-abc',
      ]);
    }
    const kinds = [
      '/api/v1/services',
      '/api/v1/configmaps',
      '/api/v1/limitranges',
      '/api/v1/resourcequotas',
      '/api/v1/secrets',
      '/api/v1/persistentvolumeclaims',
      '/api/v1/persistentvolumes',
      '/apis/apps/v1/deployments',
      '/apis/apps/v1/replicasets',
      '/apis/apps/v1/statefulsets',
      '/apis/apps/v1/daemonsets',
      '/apis/autoscaling/v2/horizontalpodautoscalers',
      '/apis/batch/v1/jobs',
      '/apis/batch/v1/cronjobs',
      '/apis/networking.k8s.io/v1/ingresses',
      '/apis/networking.istio.io/v1/namespaces/shop/virtualservices',
      '/apis/networking.istio.io/v1/namespaces/shop/destinationrules',
      '/apis/configuration.konghq.com/v1/namespaces/shop/kongplugins',
    ];
    for (const path of kinds) {
      const res = await request(app).get(`${path}?${selector}`).set(auth);
      expect({ path, status: res.status, items: res.body.items }).toEqual({
        path,
        status: 200,
        items: [],
      });
      expect(res.body.kind).toMatch(/List$/);
    }
  });

  it('rejects malformed selectors, JSON and mismatched bodies', async () => {
    const { app } = setup();
    const badSelector = await request(app)
      .get('/api/v1/pods?labelSelector=a%20in%20(b')
      .set(auth);
    expect(badSelector.status).toBe(400);
    expect(badSelector.body).toMatchObject({
      kind: 'Status',
      reason: 'BadRequest',
      code: 400,
    });

    const badJson = await request(app)
      .post('/api/v1/namespaces/shop/configmaps')
      .set({ ...auth, 'Content-Type': 'application/json' })
      .send('{"kind":');
    expect(badJson.body).toMatchObject({ reason: 'BadRequest', code: 400 });

    const wrongNamespace = await request(app)
      .post('/api/v1/namespaces/other/configmaps')
      .set(auth)
      .send(configMap('cm'));
    expect(wrongNamespace.body).toMatchObject({
      reason: 'BadRequest',
      code: 400,
    });

    const wrongKind = await request(app)
      .post('/api/v1/namespaces/shop/secrets')
      .set(auth)
      .send(configMap('cm'));
    expect(wrongKind.body).toMatchObject({ reason: 'BadRequest', code: 400 });

    const badName = await request(app)
      .post('/api/v1/namespaces/shop/configmaps')
      .set(auth)
      .send(configMap('Not_Valid'));
    expect(badName.status).toBe(422);
    expect(badName.body).toMatchObject({
      reason: 'Invalid',
      details: { name: 'Not_Valid', kind: 'ConfigMap' },
    });
  });

  it('honours dryRun=All without storing', async () => {
    const { app, store } = setup();
    const created = await request(app)
      .post('/api/v1/namespaces/shop/configmaps?dryRun=All')
      .set(auth)
      .send(configMap('dry'))
      .expect(201);
    expect(created.body.metadata.uid).toBeDefined();
    expect(
      store.get(store.typeFor('v1', 'ConfigMap')!, 'shop', 'dry'),
    ).toBeUndefined();

    store.create(configMap('real'));
    await request(app)
      .patch('/api/v1/namespaces/shop/configmaps/real?dryRun=All')
      .set({ ...auth, 'Content-Type': 'application/merge-patch+json' })
      .send({ data: { key: 'changed' } })
      .expect(200)
      .expect(res => expect(res.body.data.key).toBe('changed'));
    await request(app)
      .delete('/api/v1/namespaces/shop/configmaps/real?dryRun=All')
      .set(auth);
    expect(
      store.get(store.typeFor('v1', 'ConfigMap')!, 'shop', 'real')?.data,
    ).toEqual({
      key: 'value',
    });
  });

  it('patches status only through the status subresource, where the kind has one', async () => {
    const { app, store } = setup();
    store.create({
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'driver', namespace: 'shop' },
      spec: { hosts: ['driver'] },
    });
    const path =
      '/apis/networking.istio.io/v1/namespaces/shop/virtualservices/driver';
    const merge = { ...auth, 'Content-Type': 'application/merge-patch+json' };
    await request(app)
      .patch(path)
      .set(merge)
      .send({ status: { observedGeneration: 1 } });
    expect(
      (await request(app).get(path).set(auth)).body.status,
    ).toBeUndefined();

    const res = await request(app)
      .patch(`${path}/status`)
      .set(merge)
      .send({
        status: { observedGeneration: 1 },
        spec: { hosts: ['ignored'] },
      })
      .expect(200);
    expect(res.body).toMatchObject({
      status: { observedGeneration: 1 },
      spec: { hosts: ['driver'] },
    });

    // Argo CD's Application CRD has no status subresource: status goes with the object.
    store.create({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: 'driver', namespace: 'argocd' },
      spec: {
        project: 'default',
        source: { repoURL: 'http://127.0.0.1:1/gitops.git', path: 'driver' },
        destination: { server: 'https://kubernetes.default.svc' },
      },
    });
    const appPath =
      '/apis/argoproj.io/v1alpha1/namespaces/argocd/applications/driver';
    const withStatus = await request(app)
      .patch(appPath)
      .set(merge)
      .send({ status: { sync: { status: 'Synced' } } })
      .expect(200);
    expect(withStatus.body.status).toEqual({ sync: { status: 'Synced' } });
    await request(app).get(`${appPath}/status`).set(auth).expect(404);

    const strategic = await request(app)
      .patch(path)
      .set({
        ...auth,
        'Content-Type': 'application/strategic-merge-patch+json',
      })
      .send({ spec: { hosts: ['x'] } });
    expect(strategic.body).toMatchObject({
      reason: 'UnsupportedMediaType',
      code: 415,
    });
  });

  it('strategic-merges containers by name on built-in kinds', async () => {
    const { app, store } = setup();
    store.create({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'shop' },
      spec: {
        template: {
          spec: {
            containers: [
              { name: 'app', image: 'a:1' },
              { name: 'proxy', image: 'p:1' },
            ],
          },
        },
      },
    });
    const res = await request(app)
      .patch('/apis/apps/v1/namespaces/shop/deployments/web')
      .set({
        ...auth,
        'Content-Type': 'application/strategic-merge-patch+json',
      })
      .send({
        spec: {
          template: { spec: { containers: [{ name: 'app', image: 'a:2' }] } },
        },
      })
      .expect(200);
    expect(
      res.body.spec.template.spec.containers.map((c: any) => [c.name, c.image]),
    ).toEqual([
      ['app', 'a:2'],
      ['proxy', 'p:1'],
    ]);
  });

  it('deletes, serves cluster-scoped kinds and the autoscaling/v1 path', async () => {
    const { app, store } = setup();
    store.create(configMap('gone'));
    const deleted = await request(app)
      .delete('/api/v1/namespaces/shop/configmaps/gone')
      .set(auth)
      .expect(200);
    expect(deleted.body).toMatchObject({
      kind: 'Status',
      status: 'Success',
      details: { name: 'gone', kind: 'configmaps' },
    });
    await request(app)
      .get('/api/v1/namespaces/shop/configmaps/gone')
      .set(auth)
      .expect(404);

    const ns = await request(app)
      .get('/api/v1/namespaces/shop')
      .set(auth)
      .expect(200);
    expect(ns.body).toMatchObject({
      kind: 'Namespace',
      status: { phase: 'Active' },
    });
    await request(app)
      .post('/apis/configuration.konghq.com/v1/kongclusterplugins')
      .set(auth)
      .send({
        apiVersion: 'configuration.konghq.com/v1',
        kind: 'KongClusterPlugin',
        metadata: { name: 'prometheus' },
        plugin: 'prometheus',
      })
      .expect(201);
    await request(app)
      .get(
        '/apis/configuration.konghq.com/v1/namespaces/shop/kongclusterplugins',
      )
      .set(auth)
      .expect(404);

    store.create({
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web', namespace: 'shop' },
      spec: {
        minReplicas: 1,
        maxReplicas: 3,
        metrics: [
          {
            type: 'Resource',
            resource: {
              name: 'cpu',
              target: { type: 'Utilization', averageUtilization: 70 },
            },
          },
        ],
      },
    });
    const v1 = await request(app)
      .get('/apis/autoscaling/v1/namespaces/shop/horizontalpodautoscalers')
      .set(auth)
      .expect(200);
    expect(v1.body).toMatchObject({
      apiVersion: 'autoscaling/v1',
      kind: 'HorizontalPodAutoscalerList',
    });
    // Served converted, as upstream: the CPU target becomes targetCPUUtilizationPercentage.
    expect(v1.body.items[0].spec).toEqual({
      minReplicas: 1,
      maxReplicas: 3,
      targetCPUUtilizationPercentage: 70,
    });

    const limited = await request(app)
      .get('/apis/autoscaling/v2/horizontalpodautoscalers?limit=0')
      .set(auth);
    expect(limited.body.items).toHaveLength(1);
    await request(app).get('/api/v1/widgets').set(auth).expect(404);
  });
});
