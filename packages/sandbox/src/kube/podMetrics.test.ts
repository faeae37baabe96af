import { topPods } from '@kubernetes/client-node';
import request from 'supertest';
import { MemoryClusterStore } from '../cluster/MemoryClusterStore';
import { makePod } from '../controller/pods';
import { createNamespaces } from '../testUtils/createNamespaces';
import { createKubeApiRouter } from './createKubeApiRouter';

const auth = { Authorization: 'Bearer t0ken' };

describe('metrics.k8s.io pod metrics', () => {
  it('feeds the same topPods computation the Backstage Kubernetes backend runs', async () => {
    const store = new MemoryClusterStore();
    createNamespaces(store, 'shop');
    const owner = store.create({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'driver-abc', namespace: 'shop' },
    });
    store.create(
      makePod({
        owner,
        name: 'driver-abc-x2k4p',
        template: {
          metadata: { labels: { 'backstage.io/kubernetes-id': 'driver' } },
          spec: {
            containers: [
              {
                name: 'app',
                image: 'driver:1',
                resources: { requests: { cpu: '200m' } },
              },
            ],
          },
        },
      }),
    );
    const app = createKubeApiRouter({ store, token: 't0ken' });
    const query = 'labelSelector=backstage.io%2Fkubernetes-id%3Ddriver';

    const metrics = await request(app)
      .get(`/apis/metrics.k8s.io/v1beta1/namespaces/shop/pods?${query}`)
      .set(auth)
      .expect(200);
    expect(metrics.body).toMatchObject({
      kind: 'PodMetricsList',
      items: [
        {
          metadata: { name: 'driver-abc-x2k4p' },
          containers: [
            { name: 'app', usage: { cpu: '70000000n', memory: '65536Ki' } },
          ],
        },
      ],
    });
    const podList = await request(app)
      .get(`/api/v1/namespaces/shop/pods?${query}`)
      .set(auth)
      .expect(200);

    // KubernetesFetcher.fetchPodMetricsForNamespace passes the two responses in like this.
    const [top] = await topPods(
      { listPodForAllNamespaces: async () => podList.body } as any,
      { getPodMetrics: async () => metrics.body } as any,
    );
    expect(top.CPU.CurrentUsage).toBeCloseTo(0.07);
    expect(top.CPU.RequestTotal).toBeCloseTo(0.2);
    expect(Number(top.Memory.CurrentUsage)).toBe(64 * 1024 * 1024);

    const none = await request(app)
      .get('/apis/metrics.k8s.io/v1beta1/pods?labelSelector=app%3Dnone')
      .set(auth)
      .expect(200);
    expect(none.body.items).toEqual([]);
    await request(app)
      .get('/apis/metrics.k8s.io/v1beta1/pods?labelSelector=a%20in%20(')
      .set(auth)
      .expect(400);
  });
});
