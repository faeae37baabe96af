import { MemoryClusterStore } from '../cluster/MemoryClusterStore';
import { KubeObject } from '../cluster/types';
import { createNamespaces } from '../testUtils/createNamespaces';
import { WorkloadController } from './WorkloadController';

function deployment(replicas: number, image = 'driver:1'): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'driver', namespace: 'shop' },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'driver' } },
      template: {
        metadata: {
          labels: { app: 'driver', 'backstage.io/kubernetes-id': 'driver' },
        },
        spec: {
          containers: [
            { name: 'app', image, resources: { requests: { cpu: '200m' } } },
          ],
        },
      },
    },
  };
}

async function waitFor<T>(probe: () => T | undefined): Promise<T> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const value = probe();
    if (value !== undefined) return value;
    await new Promise(resolve => setImmediate(resolve));
    await new Promise(resolve => setTimeout(resolve, 10));
  }
  throw new Error('condition not reached');
}

describe('WorkloadController', () => {
  let store: MemoryClusterStore;
  let controller: WorkloadController;
  const type = (apiVersion: string, kind: string) =>
    store.typeFor(apiVersion, kind)!;
  const pods = (selector?: string) =>
    store.list(type('v1', 'Pod'), {
      namespace: 'shop',
      labelSelector: selector,
    });
  const replicaSets = () => store.list(type('apps/v1', 'ReplicaSet'));
  const getDeployment = () =>
    store.get(type('apps/v1', 'Deployment'), 'shop', 'driver')!;

  beforeEach(() => {
    store = new MemoryClusterStore();
    createNamespaces(store, 'shop');
    controller = new WorkloadController({ store });
  });

  afterEach(() => controller.stop());

  it('turns a Deployment into a ReplicaSet and running Pods', () => {
    store.apply(deployment(2));
    controller.reconcileNow();

    const [rs] = replicaSets();
    const hash = rs.metadata.labels!['pod-template-hash'];
    expect(rs.metadata.name).toBe(`driver-${hash}`);
    expect(rs.metadata.ownerReferences).toEqual([
      expect.objectContaining({
        kind: 'Deployment',
        name: 'driver',
        controller: true,
      }),
    ]);

    const running = pods('backstage.io/kubernetes-id=driver');
    expect(running).toHaveLength(2);
    for (const pod of running) {
      expect(pod.metadata.name).toMatch(
        new RegExp(`^driver-${hash}-[a-z0-9]{5}$`),
      );
      expect(pod.metadata.labels).toMatchObject({
        app: 'driver',
        'pod-template-hash': hash,
      });
      expect(pod.spec).toMatchObject({
        nodeName: 'sandbox-node',
        containers: [{ image: 'driver:1' }],
      });
      expect(pod.status.phase).toBe('Running');
      expect(pod.status.podIP).toMatch(/^10\.\d+\.\d+\.\d+$/);
      expect(pod.status.conditions).toEqual(
        expect.arrayContaining(
          ['Ready', 'ContainersReady', 'PodScheduled'].map(t =>
            expect.objectContaining({ type: t, status: 'True' }),
          ),
        ),
      );
      expect(pod.status.containerStatuses).toEqual([
        expect.objectContaining({
          name: 'app',
          ready: true,
          restartCount: 0,
          state: { running: { startedAt: expect.any(String) } },
        }),
      ]);
    }

    expect(getDeployment().status).toMatchObject({
      observedGeneration: 1,
      replicas: 2,
      readyReplicas: 2,
      availableReplicas: 2,
      updatedReplicas: 2,
      conditions: [
        expect.objectContaining({ type: 'Available', status: 'True' }),
        expect.objectContaining({ type: 'Progressing', status: 'True' }),
      ],
    });
  });

  it('follows replica changes and settles without further writes', () => {
    store.apply(deployment(2));
    controller.reconcileNow();
    store.apply(deployment(4));
    controller.reconcileNow();
    expect(pods()).toHaveLength(4);
    store.apply(deployment(1));
    controller.reconcileNow();
    expect(pods()).toHaveLength(1);
    expect(getDeployment().status).toMatchObject({
      replicas: 1,
      observedGeneration: 3,
    });

    const writes: string[] = [];
    store.watch(e => writes.push(`${e.type} ${e.object.kind}`));
    controller.reconcileNow();
    expect(writes).toEqual([]);
  });

  it('rolls out a new template and cleans up when the Deployment is deleted', () => {
    store.apply(deployment(2));
    controller.reconcileNow();
    store.apply(deployment(2, 'driver:2'));
    controller.reconcileNow();

    const bySpec = replicaSets().map(rs => [
      rs.spec.template.spec.containers[0].image,
      rs.spec.replicas,
    ]);
    expect(bySpec.sort()).toEqual([
      ['driver:1', 0],
      ['driver:2', 2],
    ]);
    expect(pods().map(p => p.spec.containers[0].image)).toEqual([
      'driver:2',
      'driver:2',
    ]);

    store.delete(type('apps/v1', 'Deployment'), 'shop', 'driver');
    controller.reconcileNow();
    expect(replicaSets()).toEqual([]);
    expect(pods()).toEqual([]);
  });

  it('gives a StatefulSet ordinal pods', () => {
    store.apply({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db', namespace: 'shop' },
      spec: {
        replicas: 3,
        template: {
          metadata: { labels: { app: 'db' } },
          spec: { containers: [{ name: 'db', image: 'pg' }] },
        },
      },
    });
    controller.reconcileNow();
    expect(pods('app=db').map(p => p.metadata.name)).toEqual([
      'db-0',
      'db-1',
      'db-2',
    ]);
    const sts = store.get(type('apps/v1', 'StatefulSet'), 'shop', 'db')!;
    expect(sts.status).toMatchObject({
      replicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
    });

    store.apply({ ...sts, spec: { ...sts.spec, replicas: 1 } });
    controller.reconcileNow();
    expect(pods('app=db').map(p => p.metadata.name)).toEqual(['db-0']);
  });

  it('fills HPA status and keeps the target within bounds', () => {
    store.apply(deployment(1));
    store.apply({
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
    controller.reconcileNow();

    expect(getDeployment().spec.replicas).toBe(2);
    expect(pods()).toHaveLength(2);
    const hpa = store.get(
      type('autoscaling/v2', 'HorizontalPodAutoscaler'),
      'shop',
      'driver',
    )!;
    expect(hpa.status).toMatchObject({
      currentReplicas: 2,
      desiredReplicas: 2,
      lastScaleTime: expect.any(String),
      currentMetrics: [
        {
          type: 'Resource',
          resource: {
            name: 'cpu',
            current: { averageUtilization: 35, averageValue: '70m' },
          },
        },
      ],
      conditions: expect.arrayContaining([
        expect.objectContaining({ type: 'AbleToScale', status: 'True' }),
        expect.objectContaining({ type: 'ScalingActive', status: 'True' }),
      ]),
    });

    store.apply(deployment(9));
    controller.reconcileNow();
    expect(getDeployment().spec.replicas).toBe(5);
    expect(pods()).toHaveLength(5);
  });

  it('reacts to store changes once started', async () => {
    controller.start();
    store.apply(deployment(3));
    const running = await waitFor(() =>
      pods().length === 3 ? pods() : undefined,
    );
    expect(running.every(p => p.status.phase === 'Running')).toBe(true);
  });
});
