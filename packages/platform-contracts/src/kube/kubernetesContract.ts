/* eslint-disable jest/no-export -- a suite module: this package's tests and packages/real-infra call it */
import { randomBytes } from 'node:crypto';
import type { ApiException, KubeConfig } from '@kubernetes/client-node';
import { KubernetesContractTarget, kubeHttp } from './kubeHttp';

export type { KubernetesContractTarget } from './kubeHttp';

/** The label the Backstage Kubernetes backend selects an entity's objects by. */
export const KUBERNETES_ID_LABEL = 'backstage.io/kubernetes-id';

// `@kubernetes/client-node` is loaded when a test runs, so importing this suite outside Jest
// never loads it. `require`, not `import()`: Jest runs dynamic
// imports only with --experimental-vm-modules.
const clientNode = async (): Promise<
  typeof import('@kubernetes/client-node')
> =>
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('@kubernetes/client-node');

/** A KubeConfig of `@kubernetes/client-node` for the target (bearer token, no TLS verification). */
export async function contractKubeConfig(
  target: KubernetesContractTarget,
  token = target.token,
): Promise<KubeConfig> {
  const { KubeConfig } = await clientNode();
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'target', server: target.url, skipTLSVerify: true }],
    users: [{ name: 'portal', token }],
    contexts: [{ name: 'target', cluster: 'target', user: 'portal' }],
    currentContext: 'target',
  });
  return kc;
}

/** The workload of one catalog entity, seeded through the API: what the portal reads. */
export interface SeededWorkload {
  namespace: string;
  /** The `backstage.io/kubernetes-id` of its objects. */
  id: string;
  /** Names per kind (Deployment, ReplicaSet, Pod, Service, …). */
  names: Record<string, string>;
}

async function must(
  target: KubernetesContractTarget,
  method: string,
  path: string,
  body: unknown,
  expected = [200, 201],
) {
  const res = await kubeHttp(target, method, path, { body });
  if (!expected.includes(res.status)) {
    throw new Error(
      `${method} ${path} answered ${res.status}: ${JSON.stringify(res.body)}`,
    );
  }
  return res.body;
}

/** Creates a namespace (an existing one is fine). */
export async function createContractNamespace(
  target: KubernetesContractTarget,
  name: string,
): Promise<void> {
  await must(
    target,
    'POST',
    '/api/v1/namespaces',
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name } },
    [201, 409],
  );
}

/**
 * Seeds, through the API only (so it runs against any server), a service's workload as the portal
 * sees it: Deployment → ReplicaSet → a Running, Ready Pod (status written through the status
 * subresource), Service, HPA, Ingress, Istio VirtualService + DestinationRule and a KongPlugin,
 * each labelled `backstage.io/kubernetes-id: <id>`. Every object is valid for a real API server.
 */
export async function seedWorkload(
  target: KubernetesContractTarget,
  namespace: string,
  id: string,
): Promise<SeededWorkload> {
  const labels = { app: id, [KUBERNETES_ID_LABEL]: id };
  const image = `registry.ops.local/${id}:1.0.0`;
  const podSpec = {
    containers: [
      {
        name: 'app',
        image,
        ports: [{ containerPort: 8080, name: 'http' }],
        resources: { requests: { cpu: '100m', memory: '64Mi' } },
      },
    ],
  };
  const base = `/api/v1/namespaces/${namespace}`;
  const apps = `/apis/apps/v1/namespaces/${namespace}`;
  const deployment = await must(target, 'POST', `${apps}/deployments`, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: id, namespace, labels },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: id } },
      template: { metadata: { labels }, spec: podSpec },
    },
  });
  const hash = '7c9d6b5f4';
  const replicaSet = await must(target, 'POST', `${apps}/replicasets`, {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${id}-${hash}`,
      namespace,
      labels: { ...labels, 'pod-template-hash': hash },
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: id,
          uid: deployment.metadata.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: id, 'pod-template-hash': hash } },
      template: {
        metadata: { labels: { ...labels, 'pod-template-hash': hash } },
        spec: podSpec,
      },
    },
  });
  const podName = `${id}-${hash}-x2k4p`;
  const pod = await must(target, 'POST', `${base}/pods`, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: podName,
      namespace,
      labels: { ...labels, 'pod-template-hash': hash },
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: replicaSet.metadata.name,
          uid: replicaSet.metadata.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: podSpec,
  });
  const startedAt = new Date(
    Math.floor(Date.now() / 1000) * 1000,
  ).toISOString();
  await must(target, 'PUT', `${base}/pods/${podName}/status`, {
    ...pod,
    status: {
      phase: 'Running',
      podIP: '10.244.0.12',
      hostIP: '10.0.0.5',
      startTime: startedAt.replace('.000Z', 'Z'),
      conditions: [
        { type: 'Ready', status: 'True' },
        { type: 'ContainersReady', status: 'True' },
      ],
      containerStatuses: [
        {
          name: 'app',
          image,
          imageID: '',
          ready: true,
          started: true,
          restartCount: 0,
          state: { running: { startedAt: startedAt.replace('.000Z', 'Z') } },
        },
      ],
    },
  });
  await must(target, 'POST', `${base}/services`, {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: id, namespace, labels },
    spec: {
      selector: { app: id },
      ports: [{ name: 'http', port: 80, targetPort: 8080 }],
    },
  });
  await must(
    target,
    'POST',
    `/apis/autoscaling/v2/namespaces/${namespace}/horizontalpodautoscalers`,
    {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: id, namespace, labels },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: id },
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
    },
  );
  await must(
    target,
    'POST',
    `/apis/networking.k8s.io/v1/namespaces/${namespace}/ingresses`,
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: {
        name: id,
        namespace,
        labels,
        annotations: { 'konghq.com/plugins': `${id}-rate-limit` },
      },
      spec: {
        ingressClassName: 'kong',
        rules: [
          {
            host: `${id}.ops.local`,
            http: {
              paths: [
                {
                  path: `/api/${id}`,
                  pathType: 'Prefix',
                  backend: { service: { name: id, port: { number: 80 } } },
                },
              ],
            },
          },
        ],
      },
    },
  );
  const istio = `/apis/networking.istio.io/v1/namespaces/${namespace}`;
  await must(target, 'POST', `${istio}/destinationrules`, {
    apiVersion: 'networking.istio.io/v1',
    kind: 'DestinationRule',
    metadata: { name: id, namespace, labels },
    spec: {
      host: id,
      subsets: [
        { name: 'v1', labels: { version: 'v1' } },
        { name: 'v2', labels: { version: 'v2' } },
      ],
    },
  });
  await must(target, 'POST', `${istio}/virtualservices`, {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name: id, namespace, labels },
    spec: {
      hosts: [id],
      http: [
        {
          route: [
            { destination: { host: id, subset: 'v1' }, weight: 100 },
            { destination: { host: id, subset: 'v2' }, weight: 0 },
          ],
        },
      ],
    },
  });
  await must(
    target,
    'POST',
    `/apis/configuration.konghq.com/v1/namespaces/${namespace}/kongplugins`,
    {
      apiVersion: 'configuration.konghq.com/v1',
      kind: 'KongPlugin',
      metadata: { name: `${id}-rate-limit`, namespace, labels },
      plugin: 'rate-limiting',
      config: { second: 5, policy: 'local' },
    },
  );
  return {
    namespace,
    id,
    names: {
      Deployment: id,
      ReplicaSet: replicaSet.metadata.name,
      Pod: podName,
      Service: id,
      HorizontalPodAutoscaler: id,
      Ingress: id,
      DestinationRule: id,
      VirtualService: id,
      KongPlugin: `${id}-rate-limit`,
    },
  };
}

/** The collections the portal lists, by kind: what the Backstage backend and the plugins read. */
export const PORTAL_COLLECTIONS: Array<{
  kind: string;
  apiVersion: string;
  plural: string;
}> = [
  { kind: 'Pod', apiVersion: 'v1', plural: 'pods' },
  { kind: 'Service', apiVersion: 'v1', plural: 'services' },
  { kind: 'Deployment', apiVersion: 'apps/v1', plural: 'deployments' },
  { kind: 'ReplicaSet', apiVersion: 'apps/v1', plural: 'replicasets' },
  {
    kind: 'HorizontalPodAutoscaler',
    apiVersion: 'autoscaling/v2',
    plural: 'horizontalpodautoscalers',
  },
  { kind: 'Ingress', apiVersion: 'networking.k8s.io/v1', plural: 'ingresses' },
  {
    kind: 'VirtualService',
    apiVersion: 'networking.istio.io/v1',
    plural: 'virtualservices',
  },
  {
    kind: 'DestinationRule',
    apiVersion: 'networking.istio.io/v1',
    plural: 'destinationrules',
  },
  {
    kind: 'KongPlugin',
    apiVersion: 'configuration.konghq.com/v1',
    plural: 'kongplugins',
  },
];

/** `/api/v1` or `/apis/<group>/<version>`, plus `namespaces/<ns>` when given. */
export function collectionPath(
  apiVersion: string,
  plural: string,
  namespace?: string,
): string {
  const prefix = apiVersion.includes('/')
    ? `/apis/${apiVersion}`
    : `/api/${apiVersion}`;
  return namespace
    ? `${prefix}/namespaces/${namespace}/${plural}`
    : `${prefix}/${plural}`;
}

const configMap = (name: string, namespace: string, data = { key: 'v' }) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace },
  data,
});

const deploymentBody = (name: string, namespace: string, replicas = 1) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace, labels: { app: name } },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: {
        containers: [
          { name: 'app', image: `registry.ops.local/${name}:1` },
          { name: 'proxy', image: 'registry.ops.local/proxy:1' },
        ],
      },
    },
  },
});

const failure = (
  reason: string,
  code: number,
  message: string,
  details?: Record<string, unknown>,
) => ({
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message,
  reason,
  ...(details && { details }),
  code,
});

async function apiError(promise: Promise<unknown>): Promise<ApiException<any>> {
  const { ApiException } = await clientNode();
  const error = await promise.then(
    () => undefined,
    e => e,
  );
  if (!(error instanceof ApiException)) {
    throw new Error(`expected an ApiException, got ${error}`);
  }
  return error;
}

/**
 * The Kubernetes API contract the portal relies on, as one Jest suite that runs unchanged against
 * the sandbox's stand-in (its own tests) and a real kube-apiserver with the Istio, Kong and
 * Argo CD CRDs (packages/real-infra). Everything goes through HTTP: raw requests shaped like the
 * Backstage Kubernetes backend's, and `@kubernetes/client-node` as the portal's plugins use it.
 * Every Status body is compared whole, so a difference in code, reason, message or details shows.
 *
 * @param getTarget - called in `beforeAll`, after the caller's own `beforeAll` started the server
 */
export function describeKubernetesContract(
  getTarget: () => KubernetesContractTarget,
): void {
  const suffix = randomBytes(3).toString('hex');
  const ns = `contract-${suffix}`;
  const other = `contract-${suffix}-other`;
  const id = `shop-${suffix}`;
  let target: KubernetesContractTarget;
  let seeded: SeededWorkload;
  const req = (
    method: string,
    path: string,
    options?: Parameters<typeof kubeHttp>[3],
  ) => kubeHttp(target, method, path, options);

  describe('Kubernetes API contract', () => {
    beforeAll(async () => {
      target = getTarget();
      await createContractNamespace(target, ns);
      await createContractNamespace(target, other);
      seeded = await seedWorkload(target, ns, id);
      // The same kinds under another id, in another namespace: selectors must leave them out.
      await seedWorkload(target, other, `${id}-other`);
    });

    it('serves /version and discovery of every group the portal reads', async () => {
      const versionInfo = await req('GET', '/version', { token: null });
      expect(versionInfo.status).toBe(200);
      expect(versionInfo.body).toMatchObject({
        major: '1',
        gitVersion: expect.stringMatching(/^v1\.\d+\.\d+/),
      });
      const api = await req('GET', '/api');
      expect(api.body).toMatchObject({ kind: 'APIVersions', versions: ['v1'] });
      const apis = await req('GET', '/apis');
      expect(apis.body.kind).toBe('APIGroupList');
      const groups = new Map<string, any>(
        apis.body.groups.map((g: any) => [g.name, g]),
      );
      for (const [group, version] of [
        ['apps', 'v1'],
        ['autoscaling', 'v2'],
        ['networking.k8s.io', 'v1'],
        ['networking.istio.io', 'v1'],
        ['configuration.konghq.com', 'v1'],
        ['argoproj.io', 'v1alpha1'],
      ]) {
        expect(
          groups.get(group)?.versions.map((v: any) => v.groupVersion),
        ).toContain(`${group}/${version}`);
      }
      expect(groups.get('autoscaling').preferredVersion).toEqual({
        groupVersion: 'autoscaling/v2',
        version: 'v2',
      });
      const istio = await req('GET', '/apis/networking.istio.io/v1');
      expect(istio.body).toMatchObject({
        kind: 'APIResourceList',
        groupVersion: 'networking.istio.io/v1',
      });
      const byName = new Map<string, any>(
        istio.body.resources.map((r: any) => [r.name, r]),
      );
      expect(byName.get('virtualservices')).toMatchObject({
        kind: 'VirtualService',
        namespaced: true,
        verbs: expect.arrayContaining([
          'get',
          'list',
          'create',
          'update',
          'patch',
        ]),
      });
      expect(byName.get('virtualservices/status')).toBeDefined();
      const argo = await req('GET', '/apis/argoproj.io/v1alpha1');
      const argoNames = argo.body.resources.map((r: any) => r.name);
      expect(argoNames).toContain('applications');
      // Argo CD's Application CRD declares no status subresource.
      expect(argoNames).not.toContain('applications/status');
      expect((await req('GET', '/apis/nope.example.com/v1')).status).toBe(404);
    });

    it('lists every kind the portal reads by label selector, in a namespace and across namespaces', async () => {
      // The Backstage Kubernetes backend sends `labelSelector=<encodeURIComponent(selector)>`.
      const selector = `labelSelector=${encodeURIComponent(
        `${KUBERNETES_ID_LABEL}=${id}`,
      )}`;
      for (const { kind, apiVersion, plural } of PORTAL_COLLECTIONS) {
        for (const namespace of [ns, undefined]) {
          const path = `${collectionPath(
            apiVersion,
            plural,
            namespace,
          )}?${selector}`;
          const res = await req('GET', path);
          expect({ path, status: res.status }).toEqual({ path, status: 200 });
          expect(res.body).toMatchObject({
            kind: `${kind}List`,
            apiVersion,
            metadata: { resourceVersion: expect.stringMatching(/^\d+$/) },
          });
          expect({
            path,
            names: res.body.items.map((i: any) => i.metadata.name),
          }).toEqual({ path, names: [seeded.names[kind]] });
          expect(res.body.items[0].metadata).toMatchObject({
            namespace: ns,
            labels: expect.objectContaining({ [KUBERNETES_ID_LABEL]: id }),
          });
        }
      }
    });

    it('matches set-based selectors like the real selector parser', async () => {
      const names = async (selector: string) => {
        const res = await req(
          'GET',
          `/api/v1/pods?labelSelector=${encodeURIComponent(selector)}`,
        );
        expect(res.status).toBe(200);
        return res.body.items.map((i: any) => i.metadata.name).sort();
      };
      const ours = seeded.names.Pod;
      const theirs = `${id}-other-7c9d6b5f4-x2k4p`;
      expect(await names(`app in (${id}, ${id}-other)`)).toEqual([
        ours,
        theirs,
      ]);
      expect(await names(`app=${id},pod-template-hash`)).toEqual([ours]);
      expect(await names(`app notin (${id}),app in (${id}-other)`)).toEqual([
        theirs,
      ]);
      expect(await names(`app=${id},!pod-template-hash`)).toEqual([]);
      const bad = await req('GET', '/api/v1/pods?labelSelector=a%20in%20(b');
      expect(bad.status).toBe(400);
      expect(bad.body).toMatchObject({
        kind: 'Status',
        status: 'Failure',
        reason: 'BadRequest',
        code: 400,
      });
    });

    it('gets an object with the bookkeeping the API server adds', async () => {
      const res = await req(
        'GET',
        `/apis/apps/v1/namespaces/${ns}/deployments/${id}`,
      );
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: {
          name: id,
          namespace: ns,
          uid: expect.stringMatching(/^[0-9a-f-]{36}$/),
          resourceVersion: expect.stringMatching(/^\d+$/),
          generation: 1,
          creationTimestamp: expect.stringMatching(
            /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/,
          ),
        },
        // Defaults the Kubernetes content shows.
        spec: {
          replicas: 1,
          revisionHistoryLimit: 10,
          progressDeadlineSeconds: 600,
          strategy: {
            type: 'RollingUpdate',
            rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' },
          },
        },
      });
      const pod = await req(
        'GET',
        `/api/v1/namespaces/${ns}/pods/${seeded.names.Pod}`,
      );
      expect(pod.body.status).toMatchObject({
        phase: 'Running',
        // Unset condition times come back as null, as Go serializes them.
        conditions: [
          {
            type: 'Ready',
            status: 'True',
            lastProbeTime: null,
            lastTransitionTime: null,
          },
          {
            type: 'ContainersReady',
            status: 'True',
            lastProbeTime: null,
            lastTransitionTime: null,
          },
        ],
        podIPs: [{ ip: '10.244.0.12' }],
        containerStatuses: [
          expect.objectContaining({ name: 'app', lastState: {} }),
        ],
      });
      const service = await req(
        'GET',
        `/api/v1/namespaces/${ns}/services/${id}`,
      );
      expect(service.body.spec).toMatchObject({
        type: 'ClusterIP',
        sessionAffinity: 'None',
        ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }],
      });
    });

    it('creates, and refuses a duplicate with 409 AlreadyExists', async () => {
      const created = await req('POST', `/api/v1/namespaces/${ns}/configmaps`, {
        body: configMap('twice', ns),
      });
      expect(created.status).toBe(201);
      expect(created.body.metadata.uid).toBeDefined();
      const again = await req('POST', `/api/v1/namespaces/${ns}/configmaps`, {
        body: configMap('twice', ns),
      });
      expect(again.status).toBe(409);
      expect(again.body).toEqual(
        failure('AlreadyExists', 409, 'configmaps "twice" already exists', {
          name: 'twice',
          kind: 'configmaps',
        }),
      );
      const vs = await req(
        'GET',
        `/apis/networking.istio.io/v1/namespaces/${ns}/virtualservices/${id}`,
      );
      const dupVs = await req(
        'POST',
        `/apis/networking.istio.io/v1/namespaces/${ns}/virtualservices`,
        {
          body: { ...vs.body, metadata: { name: id, namespace: ns } },
        },
      );
      expect(dupVs.body).toEqual(
        failure(
          'AlreadyExists',
          409,
          `virtualservices.networking.istio.io "${id}" already exists`,
          { name: id, group: 'networking.istio.io', kind: 'virtualservices' },
        ),
      );
    });

    it('refuses a create in a namespace that does not exist with 404', async () => {
      const res = await req('POST', '/api/v1/namespaces/ghost-ns/configmaps', {
        body: configMap('c', 'ghost-ns'),
      });
      expect(res.status).toBe(404);
      expect(res.body).toEqual(
        failure('NotFound', 404, 'namespaces "ghost-ns" not found', {
          name: 'ghost-ns',
          kind: 'namespaces',
        }),
      );
    });

    it('answers 404 NotFound for a missing object', async () => {
      const res = await req(
        'GET',
        `/apis/apps/v1/namespaces/${ns}/deployments/nope`,
      );
      expect(res.status).toBe(404);
      expect(res.body).toEqual(
        failure('NotFound', 404, 'deployments.apps "nope" not found', {
          name: 'nope',
          group: 'apps',
          kind: 'deployments',
        }),
      );
      const custom = await req(
        'GET',
        `/apis/networking.istio.io/v1/namespaces/${ns}/virtualservices/nope`,
      );
      expect(custom.body).toEqual(
        failure(
          'NotFound',
          404,
          'virtualservices.networking.istio.io "nope" not found',
          {
            name: 'nope',
            group: 'networking.istio.io',
            kind: 'virtualservices',
          },
        ),
      );
    });

    it('answers 401 with a Status for an unknown token', async () => {
      const res = await req('GET', `/api/v1/namespaces/${ns}/pods`, {
        token: 'not-a-valid-token',
      });
      expect(res.status).toBe(401);
      expect(res.body).toEqual(failure('Unauthorized', 401, 'Unauthorized'));
    });

    it('refuses an invalid or missing name with 422 Invalid naming the field', async () => {
      const detail =
        "Invalid value: \"Not_Valid\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
      const res = await req('POST', `/api/v1/namespaces/${ns}/configmaps`, {
        body: configMap('Not_Valid', ns),
      });
      expect(res.status).toBe(422);
      expect(res.body).toEqual(
        failure(
          'Invalid',
          422,
          `ConfigMap "Not_Valid" is invalid: metadata.name: ${detail}`,
          {
            name: 'Not_Valid',
            kind: 'ConfigMap',
            causes: [
              {
                reason: 'FieldValueInvalid',
                message: detail,
                field: 'metadata.name',
              },
            ],
          },
        ),
      );
      const custom = await req(
        'POST',
        `/apis/configuration.konghq.com/v1/namespaces/${ns}/kongplugins`,
        {
          body: {
            apiVersion: 'configuration.konghq.com/v1',
            kind: 'KongPlugin',
            metadata: { name: 'Not_Valid' },
            plugin: 'cors',
          },
        },
      );
      expect(custom.body).toEqual(
        failure(
          'Invalid',
          422,
          `KongPlugin.configuration.konghq.com "Not_Valid" is invalid: metadata.name: ${detail}`,
          {
            name: 'Not_Valid',
            group: 'configuration.konghq.com',
            kind: 'KongPlugin',
            causes: [
              {
                reason: 'FieldValueInvalid',
                message: detail,
                field: 'metadata.name',
              },
            ],
          },
        ),
      );
      const unnamed = await req('POST', `/api/v1/namespaces/${ns}/configmaps`, {
        body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: {} },
      });
      expect(unnamed.body).toEqual(
        failure(
          'Invalid',
          422,
          'ConfigMap "" is invalid: metadata.name: Required value: name or generateName is required',
          {
            kind: 'ConfigMap',
            causes: [
              {
                reason: 'FieldValueRequired',
                message: 'Required value: name or generateName is required',
                field: 'metadata.name',
              },
            ],
          },
        ),
      );
    });

    it('fills the defaults and the initial status the API server sets on create', async () => {
      const pod = await req('POST', `/api/v1/namespaces/${ns}/pods`, {
        body: {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: 'defaults' },
          spec: {
            containers: [
              {
                name: 'a',
                image: 'registry.ops.local/a:latest',
                ports: [{ containerPort: 80 }],
                resources: { requests: { cpu: '100m' } },
              },
            ],
          },
          // Status belongs to the kubelet: a create drops it.
          status: { phase: 'Running' },
        },
      });
      expect(pod.status).toBe(201);
      expect(pod.body.metadata.generation).toBe(1);
      expect(pod.body.status).toEqual({
        phase: 'Pending',
        qosClass: 'Burstable',
      });
      expect(pod.body.spec).toEqual({
        containers: [
          {
            name: 'a',
            image: 'registry.ops.local/a:latest',
            ports: [{ containerPort: 80, protocol: 'TCP' }],
            resources: { requests: { cpu: '100m' } },
            terminationMessagePath: '/dev/termination-log',
            terminationMessagePolicy: 'File',
            imagePullPolicy: 'Always',
          },
        ],
        restartPolicy: 'Always',
        terminationGracePeriodSeconds: 30,
        dnsPolicy: 'ClusterFirst',
        securityContext: {},
        schedulerName: 'default-scheduler',
        tolerations: [
          {
            key: 'node.kubernetes.io/not-ready',
            operator: 'Exists',
            effect: 'NoExecute',
            tolerationSeconds: 300,
          },
          {
            key: 'node.kubernetes.io/unreachable',
            operator: 'Exists',
            effect: 'NoExecute',
            tolerationSeconds: 300,
          },
        ],
        priority: 0,
        enableServiceLinks: true,
        preemptionPolicy: 'PreemptLowerPriority',
      });

      const service = await req(
        'GET',
        `/api/v1/namespaces/${ns}/services/${id}`,
      );
      expect(service.body.metadata.generation).toBeUndefined();
      expect(service.body.spec).toEqual({
        selector: { app: id },
        ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }],
        type: 'ClusterIP',
        sessionAffinity: 'None',
        clusterIP: expect.stringMatching(/^10\.96\.\d+\.\d+$/),
        clusterIPs: [service.body.spec.clusterIP],
        internalTrafficPolicy: 'Cluster',
        ipFamilies: ['IPv4'],
        ipFamilyPolicy: 'SingleStack',
      });
      expect(service.body.status).toEqual({ loadBalancer: {} });

      const cm = await req('POST', `/api/v1/namespaces/${ns}/configmaps`, {
        body: configMap('no-generation', ns),
      });
      expect(cm.body.metadata.generation).toBeUndefined();
      expect(cm.body.status).toBeUndefined();

      const deployment = await req(
        'POST',
        `/apis/apps/v1/namespaces/${ns}/deployments`,
        {
          body: { ...deploymentBody('fresh', ns), status: { replicas: 5 } },
        },
      );
      expect(deployment.body.status).toEqual({});
      expect(deployment.body.spec.template.spec).toMatchObject({
        restartPolicy: 'Always',
        dnsPolicy: 'ClusterFirst',
        containers: [
          expect.objectContaining({ imagePullPolicy: 'IfNotPresent' }),
          expect.objectContaining({ imagePullPolicy: 'IfNotPresent' }),
        ],
      });
      const hpa = await req(
        'GET',
        `/apis/autoscaling/v2/namespaces/${ns}/horizontalpodautoscalers/${id}`,
      );
      expect(hpa.body.status).toEqual({
        desiredReplicas: 0,
        currentMetrics: null,
      });
      const ingress = await req(
        'GET',
        `/apis/networking.k8s.io/v1/namespaces/${ns}/ingresses/${id}`,
      );
      expect(ingress.body.status).toEqual({ loadBalancer: {} });
      const namespace = await req('GET', `/api/v1/namespaces/${ns}`);
      expect(namespace.body.metadata.labels).toEqual({
        'kubernetes.io/metadata.name': ns,
      });
      expect(namespace.body.status).toEqual({ phase: 'Active' });
    });

    it('leaves apiVersion and kind out of built-in list items and keeps them on custom resources', async () => {
      const pods = await req('GET', `/api/v1/namespaces/${ns}/pods`);
      expect(pods.body.items.length).toBeGreaterThan(0);
      for (const item of pods.body.items) {
        expect(Object.keys(item).sort()).toEqual([
          'metadata',
          'spec',
          'status',
        ]);
      }
      expect(pods.body.metadata.continue).toBeUndefined();
      const vss = await req(
        'GET',
        `/apis/networking.istio.io/v1/namespaces/${ns}/virtualservices`,
      );
      expect(vss.body.metadata.continue).toBe('');
      for (const item of vss.body.items) {
        expect(item).toMatchObject({
          apiVersion: 'networking.istio.io/v1',
          kind: 'VirtualService',
        });
      }
    });

    it('serves autoscaling/v1 HorizontalPodAutoscalers converted from v2', async () => {
      const v1 = await req(
        'GET',
        `/apis/autoscaling/v1/namespaces/${ns}/horizontalpodautoscalers/${id}`,
      );
      expect(v1.status).toBe(200);
      expect(v1.body).toMatchObject({
        apiVersion: 'autoscaling/v1',
        kind: 'HorizontalPodAutoscaler',
        spec: {
          scaleTargetRef: {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            name: id,
          },
          minReplicas: 1,
          maxReplicas: 3,
          targetCPUUtilizationPercentage: 70,
        },
        status: { currentReplicas: 0, desiredReplicas: 0 },
      });
      expect(v1.body.spec.metrics).toBeUndefined();
    });

    it('replaces with the current resourceVersion and answers a stale one with 409 Conflict', async () => {
      const path = `/apis/apps/v1/namespaces/${ns}/deployments`;
      const created = await req('POST', path, {
        body: deploymentBody('raced', ns),
      });
      expect(created.status).toBe(201);
      const first = await req('PUT', `${path}/raced`, {
        body: { ...created.body, spec: { ...created.body.spec, replicas: 2 } },
      });
      expect(first.status).toBe(200);
      expect(first.body.metadata.generation).toBe(2);
      expect(Number(first.body.metadata.resourceVersion)).toBeGreaterThan(
        Number(created.body.metadata.resourceVersion),
      );
      const stale = await req('PUT', `${path}/raced`, {
        body: { ...created.body, spec: { ...created.body.spec, replicas: 3 } },
      });
      expect(stale.status).toBe(409);
      expect(stale.body).toEqual(
        failure(
          'Conflict',
          409,
          'Operation cannot be fulfilled on deployments.apps "raced": the object has been modified; please apply your changes to the latest version and try again',
          { name: 'raced', group: 'apps', kind: 'deployments' },
        ),
      );

      const vsPath = `/apis/networking.istio.io/v1/namespaces/${ns}/virtualservices/${id}`;
      const vs = (await req('GET', vsPath)).body;
      const moved = structuredClone(vs);
      moved.spec.http[0].route[0].weight = 80;
      moved.spec.http[0].route[1].weight = 20;
      const ok = await req('PUT', vsPath, { body: moved });
      expect(ok.status).toBe(200);
      expect(ok.body.spec.http[0].route.map((r: any) => r.weight)).toEqual([
        80, 20,
      ]);
      const staleVs = await req('PUT', vsPath, { body: vs });
      expect(staleVs.body).toEqual(
        failure(
          'Conflict',
          409,
          `Operation cannot be fulfilled on virtualservices.networking.istio.io "${id}": the object has been modified; please apply your changes to the latest version and try again`,
          { name: id, group: 'networking.istio.io', kind: 'virtualservices' },
        ),
      );
      // A stale resourceVersion in a merge patch is a conflict too.
      const stalePatch = await req('PATCH', vsPath, {
        contentType: 'application/merge-patch+json',
        body: { metadata: { resourceVersion: vs.metadata.resourceVersion } },
      });
      expect(stalePatch.status).toBe(409);
      expect(stalePatch.body.reason).toBe('Conflict');
    });

    it('merge-patches, JSON-patches and strategic-merges the way the API server does', async () => {
      const path = `/apis/apps/v1/namespaces/${ns}/deployments`;
      await req('POST', path, { body: deploymentBody('patched', ns) });
      const merged = await req('PATCH', `${path}/patched`, {
        contentType: 'application/merge-patch+json',
        body: { spec: { replicas: 4 } },
      });
      expect(merged.status).toBe(200);
      expect(merged.body.spec.replicas).toBe(4);
      expect(merged.body.metadata.generation).toBe(2);

      const json = await req('PATCH', `${path}/patched`, {
        contentType: 'application/json-patch+json',
        body: [
          { op: 'test', path: '/spec/replicas', value: 4 },
          {
            op: 'replace',
            path: '/spec/template/spec/containers/0/image',
            value: 'registry.ops.local/patched:2',
          },
        ],
      });
      expect(json.status).toBe(200);
      expect(json.body.spec.template.spec.containers[0].image).toBe(
        'registry.ops.local/patched:2',
      );
      const failedTest = await req('PATCH', `${path}/patched`, {
        contentType: 'application/json-patch+json',
        body: [{ op: 'test', path: '/spec/replicas', value: 1 }],
      });
      expect(failedTest.status).toBe(422);
      expect(failedTest.body).toEqual(
        failure(
          'Invalid',
          422,
          'the server rejected our request due to an error in our request',
          {},
        ),
      );
      const unknownType = await req('PATCH', `${path}/patched`, {
        contentType: 'text/plain',
        body: 'replicas: 2',
      });
      expect(unknownType.body).toEqual(
        failure('UnsupportedMediaType', 415, '415: Unsupported Media Type', {}),
      );

      const strategic = await req('PATCH', `${path}/patched`, {
        contentType: 'application/strategic-merge-patch+json',
        body: {
          spec: {
            template: {
              spec: {
                containers: [
                  { name: 'app', image: 'registry.ops.local/patched:3' },
                ],
              },
            },
          },
        },
      });
      expect(strategic.status).toBe(200);
      expect(
        strategic.body.spec.template.spec.containers.map((c: any) => [
          c.name,
          c.image,
        ]),
      ).toEqual([
        ['app', 'registry.ops.local/patched:3'],
        ['proxy', 'registry.ops.local/proxy:1'],
      ]);

      const onCustom = await req(
        'PATCH',
        `/apis/networking.istio.io/v1/namespaces/${ns}/virtualservices/${id}`,
        {
          contentType: 'application/strategic-merge-patch+json',
          body: { spec: { hosts: [id] } },
        },
      );
      expect(onCustom.status).toBe(415);
      expect(onCustom.body).toEqual(
        failure(
          'UnsupportedMediaType',
          415,
          'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
        ),
      );
    });

    it('writes status only through the status subresource, where the kind has one', async () => {
      const podPath = `/api/v1/namespaces/${ns}/pods/${seeded.names.Pod}`;
      const through = await req('PATCH', podPath, {
        contentType: 'application/merge-patch+json',
        body: { status: { phase: 'Failed' } },
      });
      expect(through.status).toBe(200);
      expect(through.body.status.phase).toBe('Running');

      const vsPath = `/apis/networking.istio.io/v1/namespaces/${ns}/virtualservices/${id}`;
      const vsStatus = await req('PATCH', `${vsPath}/status`, {
        contentType: 'application/merge-patch+json',
        body: { status: { observedGeneration: 1 } },
      });
      expect(vsStatus.status).toBe(200);
      expect(vsStatus.body.status).toEqual({ observedGeneration: 1 });

      // Argo CD's Application has no status subresource: Argo CD writes status with the object.
      const appPath = `/apis/argoproj.io/v1alpha1/namespaces/${ns}/applications`;
      const app = await req('POST', appPath, {
        body: {
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'Application',
          metadata: { name: id, namespace: ns },
          spec: {
            project: 'default',
            source: {
              repoURL: 'http://127.0.0.1:1/gitops.git',
              path: `services/${id}`,
              targetRevision: 'main',
            },
            destination: {
              server: 'https://kubernetes.default.svc',
              namespace: ns,
            },
          },
          status: { sync: { status: 'Synced' } },
        },
      });
      expect(app.status).toBe(201);
      expect(app.body.status).toEqual({ sync: { status: 'Synced' } });
      const appPatched = await req('PATCH', `${appPath}/${id}`, {
        contentType: 'application/merge-patch+json',
        body: { status: { health: { status: 'Healthy' } } },
      });
      expect(appPatched.body.status).toEqual({
        sync: { status: 'Synced' },
        health: { status: 'Healthy' },
      });
      expect((await req('GET', `${appPath}/${id}/status`)).status).toBe(404);
    });

    it('drops the status of a create for kinds with a status subresource', async () => {
      const res = await req(
        'POST',
        `/apis/networking.istio.io/v1/namespaces/${ns}/destinationrules`,
        {
          body: {
            apiVersion: 'networking.istio.io/v1',
            kind: 'DestinationRule',
            metadata: { name: 'with-status', namespace: ns },
            spec: { host: 'with-status' },
            status: { observedGeneration: 7 },
          },
        },
      );
      expect(res.status).toBe(201);
      expect(res.body.status).toBeUndefined();
    });

    it('prunes fields the CRD schema does not know, answering Warning headers', async () => {
      const res = await req(
        'POST',
        `/apis/networking.istio.io/v1/namespaces/${ns}/virtualservices`,
        {
          body: {
            apiVersion: 'networking.istio.io/v1',
            kind: 'VirtualService',
            metadata: { name: 'pruned' },
            spec: {
              hosts: ['pruned'],
              bogus: 1,
              http: [
                { x: 1, route: [{ destination: { host: 'pruned', y: 2 } }] },
              ],
            },
            extra: true,
          },
        },
      );
      expect(res.status).toBe(201);
      expect(res.body.spec).toEqual({
        hosts: ['pruned'],
        http: [{ route: [{ destination: { host: 'pruned' } }] }],
      });
      expect(res.body.extra).toBeUndefined();
      expect(res.headers.warning).toBe(
        [
          'extra',
          'spec.bogus',
          'spec.http[0].route[0].destination.y',
          'spec.http[0].x',
        ]
          .map(field => `299 - "unknown field \\"${field}\\""`)
          .join(', '),
      );
    });

    it('fills the defaults of the CRD schema', async () => {
      const res = await req(
        'POST',
        `/apis/external-secrets.io/v1/namespaces/${ns}/externalsecrets`,
        {
          body: {
            apiVersion: 'external-secrets.io/v1',
            kind: 'ExternalSecret',
            metadata: { name: 'defaults' },
            spec: {
              secretStoreRef: { kind: 'ClusterSecretStore', name: 'vault' },
              data: [{ secretKey: 'password', remoteRef: { key: 'db' } }],
            },
          },
        },
      );
      expect(res.status).toBe(201);
      expect(res.body.spec).toEqual({
        secretStoreRef: { kind: 'ClusterSecretStore', name: 'vault' },
        data: [
          {
            secretKey: 'password',
            remoteRef: {
              key: 'db',
              conversionStrategy: 'Default',
              decodingStrategy: 'None',
              metadataPolicy: 'None',
            },
          },
        ],
        refreshInterval: '1h',
        target: { creationPolicy: 'Owner', deletionPolicy: 'Retain' },
      });
      const older = await req(
        'GET',
        `/apis/external-secrets.io/v1beta1/namespaces/${ns}/externalsecrets/defaults`,
      );
      expect(older.status).toBe(200);
      expect(older.body.apiVersion).toBe('external-secrets.io/v1beta1');
      const istioBeta = await req(
        'GET',
        `/apis/networking.istio.io/v1beta1/namespaces/${ns}/virtualservices/${id}`,
      );
      expect(istioBeta.status).toBe(200);
      expect(istioBeta.body.apiVersion).toBe('networking.istio.io/v1beta1');
    });

    it('refuses what the CRD schema and its CEL rules refuse, with the causes of the API server', async () => {
      const notChecked = {
        reason: 'FieldValueInvalid',
        message:
          'Invalid value: null: some validation rules were not checked because the object was invalid; correct the existing errors to complete validation',
        field: '<nil>',
      };
      const istio = `/apis/networking.istio.io/v1/namespaces/${ns}`;
      const invalid = (
        kind: string,
        group: string,
        name: string,
        causes: any[],
      ) => {
        const rendered = causes.map(c => `${c.field}: ${c.message}`);
        return failure(
          'Invalid',
          422,
          `${kind}.${group} "${name}" is invalid: ${
            rendered.length === 1 ? rendered[0] : `[${rendered.join(', ')}]`
          }`,
          { name, group, kind, causes },
        );
      };
      const vs = (name: string, spec: unknown) => ({
        apiVersion: 'networking.istio.io/v1',
        kind: 'VirtualService',
        metadata: { name },
        spec,
      });
      const dr = (name: string, spec: unknown) => ({
        apiVersion: 'networking.istio.io/v1',
        kind: 'DestinationRule',
        metadata: { name },
        spec,
      });

      const wrongType = await req('POST', `${istio}/virtualservices`, {
        body: vs('bad-type', { hosts: 'x' }),
      });
      expect(wrongType.body).toEqual(
        invalid('VirtualService', 'networking.istio.io', 'bad-type', [
          {
            reason: 'FieldValueTypeInvalid',
            message:
              'Invalid value: "string": spec.hosts in body must be of type array: "string"',
            field: 'spec.hosts',
          },
          notChecked,
        ]),
      );
      const badEnum = await req('POST', `${istio}/destinationrules`, {
        body: dr('bad-enum', {
          host: 'x',
          trafficPolicy: { loadBalancer: { simple: 'NOPE' } },
        }),
      });
      expect(badEnum.body).toEqual(
        invalid('DestinationRule', 'networking.istio.io', 'bad-enum', [
          {
            reason: 'FieldValueNotSupported',
            message:
              'Unsupported value: "NOPE": supported values: "UNSPECIFIED", "LEAST_CONN", "RANDOM", "PASSTHROUGH", "ROUND_ROBIN", "LEAST_REQUEST"',
            field: 'spec.trafficPolicy.loadBalancer.simple',
          },
          notChecked,
        ]),
      );
      const twoOf = await req('POST', `${istio}/destinationrules`, {
        body: dr('one-of', {
          host: 'x',
          trafficPolicy: {
            loadBalancer: {
              simple: 'ROUND_ROBIN',
              consistentHash: { httpHeaderName: 'x' },
            },
          },
        }),
      });
      expect(twoOf.body).toEqual(
        invalid('DestinationRule', 'networking.istio.io', 'one-of', [
          {
            reason: 'FieldValueInvalid',
            message:
              'Invalid value: "": "spec.trafficPolicy.loadBalancer" must validate one and only one schema (oneOf). Found 2 valid alternatives',
            field: '<nil>',
          },
        ]),
      );
      const noHost = await req('POST', `${istio}/destinationrules`, {
        body: dr('no-host', {}),
      });
      expect(noHost.body).toEqual(
        invalid('DestinationRule', 'networking.istio.io', 'no-host', [
          {
            reason: 'FieldValueRequired',
            message: 'Required value',
            field: 'spec.host',
          },
          notChecked,
        ]),
      );
      const negative = await req('POST', `${istio}/destinationrules`, {
        body: dr('negative', {
          host: 'x',
          trafficPolicy: { outlierDetection: { consecutive5xxErrors: -1 } },
        }),
      });
      expect(negative.body.details.causes).toEqual([
        {
          reason: 'FieldValueInvalid',
          message:
            'Invalid value: -1: spec.trafficPolicy.outlierDetection.consecutive5xxErrors in body should be greater than or equal to 0',
          field: 'spec.trafficPolicy.outlierDetection.consecutive5xxErrors',
        },
      ]);
      const durations = await req('POST', `${istio}/virtualservices`, {
        body: vs('durations', {
          hosts: ['x'],
          http: [
            {
              timeout: '0.5ms',
              retries: { perTryTimeout: 'soon' },
              route: [{ destination: { host: 'x' } }],
            },
          ],
        }),
      });
      expect(durations.status).toBe(422);
      expect(
        [...durations.body.details.causes].sort((a: any, b: any) =>
          a.field.localeCompare(b.field),
        ),
      ).toEqual([
        {
          reason: 'FieldValueInvalid',
          message:
            "Invalid value: \"string\": type conversion error from 'string' to 'google.protobuf.Duration' evaluating rule: must be a valid duration greater than 1ms",
          field: 'spec.http[0].retries.perTryTimeout',
        },
        {
          reason: 'FieldValueInvalid',
          message:
            'Invalid value: "0.5ms": must be a valid duration greater than 1ms',
          field: 'spec.http[0].timeout',
        },
      ]);
      const wildcard = await req('POST', `${istio}/destinationrules`, {
        body: dr('wildcard', {
          host: 'x',
          workloadSelector: { matchLabels: { app: 'a*' } },
        }),
      });
      expect(wildcard.body.details.causes).toEqual([
        {
          reason: 'FieldValueInvalid',
          message:
            'Invalid value: "a*": wildcard not allowed in label value match',
          field: 'spec.workloadSelector.matchLabels[app]',
        },
      ]);

      const kong = `/apis/configuration.konghq.com/v1/namespaces/${ns}/kongplugins`;
      const both = await req('POST', kong, {
        body: {
          apiVersion: 'configuration.konghq.com/v1',
          kind: 'KongPlugin',
          metadata: { name: 'both' },
          plugin: 'cors',
          config: {},
          configFrom: { secretKeyRef: { name: 'a', key: 'b' } },
        },
      });
      expect(both.body).toEqual(
        invalid('KongPlugin', 'configuration.konghq.com', 'both', [
          {
            reason: 'FieldValueInvalid',
            message:
              'Invalid value: Using both config and configFrom fields is not allowed.',
            field: '<nil>',
          },
        ]),
      );
      const renamed = await req('PATCH', `${kong}/${seeded.names.KongPlugin}`, {
        contentType: 'application/merge-patch+json',
        body: { plugin: 'cors' },
      });
      expect(renamed.body).toEqual(
        invalid(
          'KongPlugin',
          'configuration.konghq.com',
          seeded.names.KongPlugin,
          [
            {
              reason: 'FieldValueInvalid',
              message: 'Invalid value: The plugin field is immutable',
              field: '<nil>',
            },
          ],
        ),
      );
    });

    it('creates nothing on dryRun=All', async () => {
      const res = await req(
        'POST',
        `/api/v1/namespaces/${ns}/configmaps?dryRun=All`,
        {
          body: configMap('dry', ns),
        },
      );
      expect(res.status).toBe(201);
      expect(res.body.metadata.uid).toBeDefined();
      expect(
        (await req('GET', `/api/v1/namespaces/${ns}/configmaps/dry`)).status,
      ).toBe(404);
      const dup = await req(
        'POST',
        `/api/v1/namespaces/${ns}/configmaps?dryRun=All`,
        {
          body: configMap('twice', ns),
        },
      );
      expect(dup.status).toBe(409);
    });

    it('pages a list with limit and continue', async () => {
      for (const name of ['page-a', 'page-b', 'page-c']) {
        await req('POST', `/api/v1/namespaces/${ns}/configmaps`, {
          body: configMap(name, ns),
        });
      }
      const seen: string[] = [];
      let next: string | undefined;
      let pages = 0;
      const remaining: number[] = [];
      do {
        const query = new URLSearchParams({ limit: '2' });
        if (next) query.set('continue', next);
        const res = await req(
          'GET',
          `/api/v1/namespaces/${ns}/configmaps?${query}`,
        );
        expect(res.status).toBe(200);
        expect(res.body.items.length).toBeLessThanOrEqual(2);
        seen.push(...res.body.items.map((i: any) => i.metadata.name));
        next = res.body.metadata.continue || undefined;
        // Without a selector the API server says how many items are left.
        remaining.push(next ? res.body.metadata.remainingItemCount : 0);
        pages += 1;
      } while (next && pages < 10);
      expect(remaining.slice(0, -1).every(n => n > 0)).toBe(true);
      expect(remaining[remaining.length - 1]).toBe(0);
      expect(seen).toEqual(
        expect.arrayContaining(['page-a', 'page-b', 'page-c', 'twice']),
      );
      expect(new Set(seen).size).toBe(seen.length);
      expect(pages).toBeGreaterThan(1);
    });

    it('deletes and then answers 404', async () => {
      await req('POST', `/api/v1/namespaces/${ns}/configmaps`, {
        body: configMap('gone', ns),
      });
      const existing = await req(
        'GET',
        `/api/v1/namespaces/${ns}/configmaps/gone`,
      );
      const deleted = await req(
        'DELETE',
        `/api/v1/namespaces/${ns}/configmaps/gone`,
      );
      expect(deleted.status).toBe(200);
      expect(deleted.body).toEqual({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Success',
        details: {
          name: 'gone',
          kind: 'configmaps',
          uid: existing.body.metadata.uid,
        },
      });
      expect(
        (await req('GET', `/api/v1/namespaces/${ns}/configmaps/gone`)).status,
      ).toBe(404);
    });

    it('serves the reads and writes of @kubernetes/client-node', async () => {
      const {
        AppsV1Api,
        AutoscalingV2Api,
        CoreV1Api,
        CustomObjectsApi,
        NetworkingV1Api,
        PatchStrategy,
        setHeaderOptions,
      } = await clientNode();
      const kc = await contractKubeConfig(target);
      const core = kc.makeApiClient(CoreV1Api);
      const pods = await core.listNamespacedPod({
        namespace: ns,
        labelSelector: `${KUBERNETES_ID_LABEL}=${id}`,
      });
      expect(pods.items.map(p => p.metadata?.name)).toEqual([seeded.names.Pod]);
      expect(pods.items[0].status?.phase).toBe('Running');
      expect(pods.items[0].metadata?.ownerReferences?.[0]).toMatchObject({
        kind: 'ReplicaSet',
        name: seeded.names.ReplicaSet,
      });
      const apps = kc.makeApiClient(AppsV1Api);
      const deployment = await apps.readNamespacedDeployment({
        name: id,
        namespace: ns,
      });
      expect(deployment.spec?.template.spec?.containers[0].image).toBe(
        `registry.ops.local/${id}:1.0.0`,
      );
      const scaled = await apps.patchNamespacedDeployment(
        { name: id, namespace: ns, body: { spec: { replicas: 2 } } },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      );
      expect(scaled.spec?.replicas).toBe(2);
      const hpa = await kc
        .makeApiClient(AutoscalingV2Api)
        .readNamespacedHorizontalPodAutoscaler({ name: id, namespace: ns });
      expect(hpa.spec?.scaleTargetRef.name).toBe(id);
      const ingress = await kc
        .makeApiClient(NetworkingV1Api)
        .readNamespacedIngress({ name: id, namespace: ns });
      expect(ingress.spec?.rules?.[0].http?.paths[0].path).toBe(`/api/${id}`);

      const custom = kc.makeApiClient(CustomObjectsApi);
      const coordinates = {
        group: 'configuration.konghq.com',
        version: 'v1',
        namespace: ns,
        plural: 'kongplugins',
      };
      const plugins = await custom.listNamespacedCustomObject({
        ...coordinates,
        labelSelector: `${KUBERNETES_ID_LABEL}=${id}`,
      });
      expect(
        plugins.items.map((p: any) => [p.metadata.name, p.plugin, p.config]),
      ).toEqual([
        [
          seeded.names.KongPlugin,
          'rate-limiting',
          { second: 5, policy: 'local' },
        ],
      ]);
      const plugin = await custom.getNamespacedCustomObject({
        ...coordinates,
        name: seeded.names.KongPlugin,
      });
      const replaced = await custom.replaceNamespacedCustomObject({
        ...coordinates,
        name: seeded.names.KongPlugin,
        body: { ...plugin, config: { second: 10, policy: 'local' } },
      });
      expect(replaced.config.second).toBe(10);
      const conflict = await apiError(
        custom.replaceNamespacedCustomObject({
          ...coordinates,
          name: seeded.names.KongPlugin,
          body: plugin,
        }),
      );
      expect(conflict.code).toBe(409);
      const missing = await apiError(
        apps.readNamespacedDeployment({ name: 'nope', namespace: ns }),
      );
      expect(missing.code).toBe(404);
      const intruder = (
        await contractKubeConfig(target, 'wrong-token')
      ).makeApiClient(CoreV1Api);
      expect(
        (await apiError(intruder.listNamespacedPod({ namespace: ns }))).code,
      ).toBe(401);
    });
  });
}
