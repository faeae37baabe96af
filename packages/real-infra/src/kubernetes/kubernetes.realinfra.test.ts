import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import {
  createKubernetesContractNamespace,
  describeKubernetesContract,
  KubernetesContractTarget,
  kubernetesContractHttp as kubeHttp,
  seedKubernetesContractWorkload,
} from '@internal/platform-contracts';
import {
  SandboxKubernetesTarget,
  startSandboxKubernetesTarget,
} from '@internal/sandbox';
import {
  componentFor,
  fetchEntityKubernetesObjects,
  namesByType,
} from './backstageKubernetes';
import { KubeApiServer, KubeStartTimings } from './KubeApiServer';
import { PACKAGE_ROOT, pinnedVersions } from './obtained';
import {
  EXAMPLE_REQUEST,
  renderExampleServiceManifests,
} from './serviceManifests';
import {
  RacingProxy,
  seedTrafficService,
  startTrafficEditor,
} from './trafficEditor';

const versions = pinnedVersions();
const MiB = (kib?: number) =>
  kib === undefined ? '?' : `${(kib / 1024).toFixed(0)} MiB`;

function describeStart(label: string, timings: KubeStartTimings) {
  return (
    `${label}: ready in ${(timings.totalMs / 1000).toFixed(1)} s ` +
    `(etcd ${(timings.etcdReadyMs / 1000).toFixed(
      1,
    )} s, kube-apiserver /readyz ${(timings.apiServerReadyMs / 1000).toFixed(
      1,
    )} s, ${timings.crdCount} CRDs Established ${(
      timings.crdsEstablishedMs / 1000
    ).toFixed(1)} s)`
  );
}

function describeMemory(server: KubeApiServer) {
  const { etcd, apiServer } = server.memory();
  return `kube-apiserver RSS ${MiB(apiServer?.rssKiB)} (peak ${MiB(
    apiServer?.peakRssKiB,
  )}), etcd RSS ${MiB(etcd?.rssKiB)} (peak ${MiB(etcd?.peakRssKiB)})`;
}

describe(`real Kubernetes: kube-apiserver ${versions.KUBERNETES_VERSION} + etcd ${versions.ETCD_VERSION}`, () => {
  let server: KubeApiServer;
  let sandbox: SandboxKubernetesTarget;

  const real = (): KubernetesContractTarget => ({
    name: `kube-apiserver ${versions.KUBERNETES_VERSION}`,
    url: server.url,
    token: server.token,
  });
  const targets: Record<'sandbox' | 'real', () => KubernetesContractTarget> = {
    sandbox: () => sandbox,
    real,
  };

  beforeAll(async () => {
    server = await KubeApiServer.start({ namespaces: ['orders', 'argocd'] });
    // eslint-disable-next-line no-console
    console.log(
      `${describeStart('first start (cold)', server.timings)}\n${describeMemory(
        server,
      )}`,
    );
    sandbox = await startSandboxKubernetesTarget();
    for (const ns of ['orders', 'argocd']) {
      await createKubernetesContractNamespace(sandbox, ns);
    }
  });

  afterAll(async () => {
    await server?.stop();
    await sandbox?.stop();
  });

  describe('the Kubernetes API contract suite of the sandbox, unchanged', () => {
    describeKubernetesContract(real);
  });

  describe.each(['sandbox', 'real'] as const)(
    'Kubernetes content of an entity (Backstage Kubernetes backend) on the %s cluster',
    which => {
      it('reads the seeded workload: pods, services, deployments, replica sets, HPAs, ingresses and the Istio and Kong objects', async () => {
        const target = targets[which]();
        const suffix = randomBytes(3).toString('hex');
        const namespace = `content-${suffix}`;
        const id = `orders-${suffix}`;
        await createKubernetesContractNamespace(target, namespace);
        const seeded = await seedKubernetesContractWorkload(
          target,
          namespace,
          id,
        );

        const answer = await fetchEntityKubernetesObjects(
          target,
          componentFor(id),
        );

        expect(answer.items).toHaveLength(1);
        const [cluster] = answer.items;
        expect(cluster.errors).toEqual([]);
        expect(namesByType(cluster)).toEqual({
          pods: [seeded.names.Pod],
          services: [seeded.names.Service],
          deployments: [seeded.names.Deployment],
          replicasets: [seeded.names.ReplicaSet],
          horizontalpodautoscalers: [seeded.names.HorizontalPodAutoscaler],
          ingresses: [seeded.names.Ingress],
          customresources: [
            `DestinationRule/${seeded.names.DestinationRule}`,
            `KongPlugin/${seeded.names.KongPlugin}`,
            `VirtualService/${seeded.names.VirtualService}`,
          ],
        });
        const pod = cluster.resources.find((r: any) => r.type === 'pods')
          .resources[0];
        expect(pod.status).toMatchObject({
          phase: 'Running',
          containerStatuses: [
            expect.objectContaining({ name: 'app', ready: true }),
          ],
        });
        const deployment = cluster.resources.find(
          (r: any) => r.type === 'deployments',
        ).resources[0];
        expect(deployment.spec.strategy.type).toBe('RollingUpdate');
      });
    },
  );

  describe.each(['sandbox', 'real'] as const)(
    'the traffic editor in direct mode on the %s cluster',
    which => {
      let target: KubernetesContractTarget;
      let proxy: RacingProxy;
      let editor: Awaited<ReturnType<typeof startTrafficEditor>>;
      const namespace = `traffic-${randomBytes(3).toString('hex')}`;
      const vsPath = `/apis/networking.istio.io/v1/namespaces/${namespace}/virtualservices/echo`;
      const drPath = `/apis/networking.istio.io/v1/namespaces/${namespace}/destinationrules/echo`;
      const split = (v1: number, v2: number) => [
        { subset: 'v1', weight: v1 },
        { subset: 'v2', weight: v2 },
      ];

      beforeAll(async () => {
        target = targets[which]();
        await seedTrafficService(target, namespace, 'echo');
        proxy = await RacingProxy.start(target.url);
        editor = await startTrafficEditor({
          clusterUrl: proxy.url,
          token: target.token,
          entityName: 'echo',
          namespace,
        });
      });

      afterAll(async () => {
        await editor?.stop();
        await proxy?.stop();
      });

      it('writes the weights and every resilience field, which the CRD schemas keep whole', async () => {
        const state = await editor.state();
        expect(state.status).toBe(200);
        expect(state.body).toMatchObject({
          management: { mode: 'direct' },
          live: { weights: split(100, 0) },
          subsets: [
            { name: 'v1', readyPods: 1, totalPods: 1 },
            { name: 'v2', readyPods: 1, totalPods: 1 },
          ],
        });
        const resilience = {
          retries: {
            attempts: 3,
            perTryTimeout: '2s',
            retryOn: '5xx,connect-failure',
          },
          timeout: '10s',
          fault: { delay: { fixedDelay: '1.5s', percentage: 5 } },
          outlierDetection: {
            consecutive5xxErrors: 5,
            interval: '30s',
            baseEjectionTime: '1m',
            maxEjectionPercent: 50,
          },
          consistentHashHeader: 'x-user-id',
        };
        const saved = await editor.save({
          entityRef: editor.entityRef,
          policy: { weights: split(80, 20), resilience },
          baseVersion: state.body.version,
        });
        expect(saved.status).toBe(200);
        expect(saved.body).toMatchObject({
          outcome: 'written',
          mode: 'direct',
        });

        const vs = (await kubeHttp(target, 'GET', vsPath)).body;
        expect(vs.spec.http[0]).toEqual({
          route: [
            { destination: { host: 'echo', subset: 'v1' }, weight: 80 },
            { destination: { host: 'echo', subset: 'v2' }, weight: 20 },
          ],
          retries: resilience.retries,
          timeout: '10s',
          fault: { delay: { fixedDelay: '1.5s', percentage: { value: 5 } } },
        });
        const dr = (await kubeHttp(target, 'GET', drPath)).body;
        expect(dr.spec.trafficPolicy).toEqual({
          outlierDetection: resilience.outlierDetection,
          loadBalancer: { consistentHash: { httpHeaderName: 'x-user-id' } },
        });
        const after = await editor.state();
        expect(after.body.live).toEqual({ weights: split(80, 20), resilience });
      });

      it("answers the API server's 409 on a stale resourceVersion with the current state", async () => {
        const before = await editor.state();
        proxy.armRace(async () => {
          const theirs = (await kubeHttp(target, 'GET', vsPath)).body;
          theirs.spec.http[0].route[0].weight = 60;
          theirs.spec.http[0].route[1].weight = 40;
          const res = await kubeHttp(target, 'PUT', vsPath, { body: theirs });
          if (res.status !== 200)
            throw new Error(`the racing write failed: ${res.status}`);
        });
        const saved = await editor.save({
          entityRef: editor.entityRef,
          policy: {
            weights: split(50, 50),
            resilience: before.body.live.resilience,
          },
          baseVersion: before.body.version,
        });
        expect(proxy.forwarded).toContainEqual({
          method: 'PUT',
          path: `/apis/networking.istio.io/v1/namespaces/${namespace}/virtualservices/echo`,
          status: 409,
        });
        expect(saved.status).toBe(409);
        expect(saved.body.current.live.weights).toEqual(split(60, 40));
        // eslint-disable-next-line no-console
        console.log(
          `[${which}] the editor reports a lost race as: ${
            saved.status
          } ${JSON.stringify({ ...saved.body, current: '…' })}`,
        );
        const vs = (await kubeHttp(target, 'GET', vsPath)).body;
        expect(vs.spec.http[0].route.map((r: any) => r.weight)).toEqual([
          60, 40,
        ]);
      });

      it('refuses an invalid duration itself, and the CRD schema refuses it from any other writer', async () => {
        const state = await editor.state();
        const refused = await editor.save({
          entityRef: editor.entityRef,
          policy: {
            weights: split(60, 40),
            resilience: { ...state.body.live.resilience, timeout: '0.5ms' },
          },
          baseVersion: state.body.version,
        });
        expect(refused.status).toBe(400);
        // eslint-disable-next-line no-console
        console.log(
          `[${which}] the editor refuses timeout 0.5ms as: ${JSON.stringify(
            refused.body.error?.message ?? refused.body,
          )}`,
        );

        const vs = (await kubeHttp(target, 'GET', vsPath)).body;
        vs.spec.http[0].timeout = '0.5ms';
        const direct = await kubeHttp(target, 'PUT', vsPath, { body: vs });
        expect(direct.status).toBe(422);
        expect(direct.body).toMatchObject({
          kind: 'Status',
          reason: 'Invalid',
          code: 422,
          message:
            'VirtualService.networking.istio.io "echo" is invalid: spec.http[0].timeout: Invalid value: "0.5ms": must be a valid duration greater than 1ms',
          details: {
            name: 'echo',
            group: 'networking.istio.io',
            kind: 'VirtualService',
            causes: [
              {
                reason: 'FieldValueInvalid',
                message:
                  'Invalid value: "0.5ms": must be a valid duration greater than 1ms',
                field: 'spec.http[0].timeout',
              },
            ],
          },
        });
      });
    },
  );

  describe.each(['sandbox', 'real'] as const)(
    'the manifests ops:service:render writes, created with dryRun=All on the %s cluster',
    which => {
      it.each(['external-secret', 'kubernetes'] as const)(
        'passes for every object (secret delivery %s)',
        async secretDelivery => {
          const target = targets[which]();
          // The namespace exists, so render requires it to be marked with the service's owner,
          // as the template's Argo CD Application (managedNamespaceMetadata) marks it.
          const marked = await kubeHttp(
            target,
            'PATCH',
            '/api/v1/namespaces/orders',
            {
              body: {
                metadata: {
                  annotations: {
                    // NAMESPACE_OWNER_ANNOTATION of @internal/plugin-ops-common
                    'ops-portal/owner': EXAMPLE_REQUEST.owner,
                  },
                },
              },
              contentType: 'application/merge-patch+json',
            },
          );
          expect(marked.status).toBe(200);
          const rendered = await renderExampleServiceManifests(secretDelivery, {
            url: target.url,
            token: target.token,
          });
          const kinds = rendered.map(r => r.object.kind).sort();
          expect(kinds).toEqual(
            expect.arrayContaining([
              'Application',
              'Deployment',
              'DestinationRule',
              'HorizontalPodAutoscaler',
              'Ingress',
              'KongPlugin',
              'Service',
              'VirtualService',
            ]),
          );
          expect(kinds.includes('ExternalSecret')).toBe(
            secretDelivery === 'external-secret',
          );
          const results: string[] = [];
          for (const { file, object } of rendered) {
            const [group, version] = object.apiVersion.includes('/')
              ? object.apiVersion.split('/')
              : ['', object.apiVersion];
            const discovery = await kubeHttp(
              target,
              'GET',
              group ? `/apis/${group}/${version}` : `/api/${version}`,
            );
            const resource = discovery.body?.resources?.find(
              (r: any) => r.kind === object.kind && !r.name.includes('/'),
            );
            if (!resource) {
              results.push(
                `${file} ${object.kind}: ${object.apiVersion} is not served`,
              );
              continue;
            }
            const prefix = group
              ? `/apis/${group}/${version}`
              : `/api/${version}`;
            const namespace = object.metadata.namespace ?? 'default';
            const collection = resource.namespaced
              ? `${prefix}/namespaces/${namespace}/${resource.name}`
              : `${prefix}/${resource.name}`;
            const res = await kubeHttp(
              target,
              'POST',
              `${collection}?dryRun=All`,
              {
                body: object,
              },
            );
            results.push(
              `${file} ${object.kind}/${object.metadata.name}: ${res.status}${
                res.status === 201
                  ? ''
                  : ` ${res.body?.message ?? JSON.stringify(res.body)}`
              }`,
            );
          }
          // eslint-disable-next-line no-console
          console.log(
            `[${which}] dryRun=All of ${
              rendered.length
            } rendered objects (${secretDelivery}):\n${results.join('\n')}`,
          );
          expect(results.filter(r => !/: 201$/.test(r))).toEqual([]);
        },
      );
    },
  );

  it("keeps the sandbox's copy of the CRD schemas equal to the released CRDs served here", () => {
    // The sandbox validates, prunes and defaults its custom resources with these schemas.
    const script = path.join(
      PACKAGE_ROOT,
      'kubernetes/extract-sandbox-crd-schemas.js',
    );
    expect(() =>
      execFileSync(process.execPath, [script, '--check'], { stdio: 'pipe' }),
    ).not.toThrow();
  });

  it('starts a second time (warm) and reports its memory', async () => {
    // eslint-disable-next-line no-console
    console.log(`after the suites: ${describeMemory(server)}`);
    const second = await KubeApiServer.start({ namespaces: ['orders'] });
    try {
      // eslint-disable-next-line no-console
      console.log(
        `${describeStart(
          'second start (warm)',
          second.timings,
        )}\njust started: ${describeMemory(second)}`,
      );
      const version = await kubeHttp(
        { name: 'second', url: second.url, token: second.token },
        'GET',
        '/version',
      );
      expect(version.body.gitVersion).toBe(versions.KUBERNETES_VERSION);
    } finally {
      await second.stop();
    }
    const pids = second.pids;
    for (const pid of [pids.etcd, pids.apiServer]) {
      expect(() => process.kill(pid!, 0)).toThrow();
    }
  });
});
