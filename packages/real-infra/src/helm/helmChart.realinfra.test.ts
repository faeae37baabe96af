import fs from 'node:fs';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { KubeApiServer } from '../kubernetes/KubeApiServer';
import { REPO_ROOT } from '../kubernetes/obtained';
import {
  lintChart,
  obtainedHelm,
  RenderedObject,
  renderChart,
  templateChart,
} from './helmCli';
import {
  FIELD_MANAGER,
  fieldsNotKept,
  kubeConfigFor,
  readLive,
  readRaw,
  serverSideApply,
} from './serverSideApply';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const clientNode = (): typeof import('@kubernetes/client-node') =>
  require('@kubernetes/client-node');

const helm = obtainedHelm();

/** HPA, NetworkPolicy with egress, ExternalSecret, tcp-log, the tokens of another cluster. */
const WITH_HPA_NETPOL_EXTERNAL_SECRET = {
  autoscaling: {
    enabled: true,
    minReplicas: 3,
    maxReplicas: 8,
    targetMemoryUtilizationPercentage: 80,
  },
  networkPolicy: {
    enabled: true,
    egress: [{ to: [{ namespaceSelector: {} }] }],
  },
  externalSecret: { enabled: true },
  kongPlugins: { tcpLog: { enabled: true } },
  rbac: { create: false },
  postgresql: { ssl: { caSecret: { name: 'postgresql-ca' } } },
  podDisruptionBudget: { minAvailable: 2 },
};

/** No Redis (memory cache), no Ingress, maxUnavailable PDB, Kong card on the Admin API. */
const WITHOUT_REDIS_AND_INGRESS = {
  replicaCount: 3,
  redis: { enabled: false },
  ingress: { enabled: false },
  podDisruptionBudget: { maxUnavailable: 1 },
  config: {
    KONG_SOURCE: 'admin-api',
    KONG_ADMIN_URL: 'https://kong-admin.kong.svc:8444',
  },
};

const VARIATIONS = [
  {
    title: 'default values',
    release: 'ops-portal',
    namespace: 'ops-portal',
    values: undefined,
  },
  {
    title: 'HPA + NetworkPolicy + ExternalSecret',
    release: 'portal-a',
    namespace: 'portal-a',
    values: WITH_HPA_NETPOL_EXTERNAL_SECRET,
  },
  {
    title: 'without Redis and Ingress',
    release: 'portal-b',
    namespace: 'portal-b',
    values: WITHOUT_REDIS_AND_INGRESS,
  },
] as const;

const kinds = (objects: RenderedObject[]) =>
  objects.map(o => `${o.kind}/${o.metadata.name}`).sort();
const one = (objects: RenderedObject[], kind: string, name?: string) => {
  const found = objects.filter(
    o => o.kind === kind && (name === undefined || o.metadata.name === name),
  );
  if (found.length !== 1) {
    throw new Error(
      `expected one ${kind} ${name ?? ''}, found ${found.length}`,
    );
  }
  return found[0];
};
const container = (objects: RenderedObject[]) =>
  one(objects, 'Deployment').spec.template.spec.containers[0];
const envOf = (objects: RenderedObject[]) =>
  new Map<string, any>(container(objects).env.map((e: any) => [e.name, e]));

function rbacFile(file: string): RenderedObject[] {
  return parseAllDocuments(
    fs.readFileSync(path.join(REPO_ROOT, 'deploy/rbac', file), 'utf8'),
  ).map(d => d.toJS());
}

/** Every `${VAR}` of a config text, and which of them sit under a credential key. */
function configVariables(text: string) {
  const all = new Set<string>();
  const credentials = new Set<string>();
  const walk = (node: unknown, key: string, parents: string[]) => {
    if (typeof node === 'string') {
      for (const m of node.matchAll(/(?<!\$)\$\{([A-Z0-9_]+)\}/g)) {
        all.add(m[1]);
        const isCredential =
          /(secret|token|password|apikey)$/i.test(key) ||
          (key === 'connection' && parents.includes('cache'));
        if (isCredential) credentials.add(m[1]);
      }
    } else if (Array.isArray(node)) {
      node.forEach(item => walk(item, key, parents));
    } else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) walk(v, k, [...parents, key]);
    }
  };
  walk(parse(text), '', []);
  return { all, credentials };
}

describe(`the ops-portal Helm chart (helm ${helm.version})`, () => {
  const rendered = new Map<string, RenderedObject[]>();
  beforeAll(() => {
    const start = Date.now();
    for (const v of VARIATIONS) {
      rendered.set(v.title, renderChart(v.release, v.namespace, v.values));
    }
    // eslint-disable-next-line no-console
    console.log(`helm template of 3 value sets: ${Date.now() - start} ms`);
  });
  const objectsOf = (title: string) => rendered.get(title)!;

  describe('helm lint --strict', () => {
    it.each(VARIATIONS.map(v => [v.title, v.values] as const))(
      'passes for %s',
      (_title, values) => {
        const result = lintChart(values);
        expect(result.stderr + result.stdout).toContain(
          '1 chart(s) linted, 0 chart(s) failed',
        );
        expect(result.status).toBe(0);
      },
    );
  });

  describe('values.schema.json refuses a bad value, with the schema message', () => {
    it.each([
      [
        'replicaCount 0',
        { replicaCount: 0 },
        "at '/replicaCount': minimum: got 0, want 1",
      ],
      [
        'a rollout that stops old pods first',
        { strategy: { rollingUpdate: { maxUnavailable: 1 } } },
        "at '/strategy/rollingUpdate/maxUnavailable'",
      ],
      [
        'a writable root file system',
        { securityContext: { readOnlyRootFilesystem: false } },
        "at '/securityContext/readOnlyRootFilesystem': value must be true",
      ],
      [
        'a rate limit keyed on a client-chosen header',
        { kongPlugins: { rateLimiting: { limitBy: 'header' } } },
        "at '/kongPlugins/rateLimiting/limitBy': value must be one of 'ip', 'service'",
      ],
      [
        'an unknown publish mode',
        { config: { GITOPS_PUBLISH_MODE: 'push' } },
        "at '/config/GITOPS_PUBLISH_MODE': value must be one of 'commit', 'branch'",
      ],
      [
        "Argo CD's default project",
        { config: { ARGOCD_PROJECT: 'default' } },
        "at '/config/ARGOCD_PROJECT'",
      ],
      [
        'the Admin API as Kong source without its URL',
        { config: { KONG_SOURCE: 'admin-api' } },
        "at '/config/KONG_ADMIN_URL': '' does not match pattern",
      ],
      [
        'a PDB minimum that is neither a count nor a percentage',
        { podDisruptionBudget: { minAvailable: 'half' } },
        "at '/podDisruptionBudget/minAvailable'",
      ],
      [
        'an unknown top-level value',
        { replicas: 3 },
        "additional properties 'replicas' not allowed",
      ],
      [
        'a database password in the values',
        { postgresql: { password: 'hunter2' } },
        "at '/postgresql/password': got string, want object",
      ],
    ])('%s', (_title, values, message) => {
      const result = lintChart(values);
      expect(result.status).not.toBe(0);
      expect(result.stdout + result.stderr).toContain(message);
      expect(result.stdout + result.stderr).toContain(
        "values don't meet the specifications of the schema(s)",
      );
      // the same values are refused by helm template (and so by install and upgrade)
      expect(templateChart('ops-portal', 'ops-portal', values).status).not.toBe(
        0,
      );
    });

    it('refuses a PDB that would block every node drain (template check)', () => {
      const result = templateChart('ops-portal', 'ops-portal', {
        podDisruptionBudget: { minAvailable: 2 },
      });
      expect(result.status).not.toBe(0);
      expect(result.stderr).toContain(
        'podDisruptionBudget.minAvailable (2) must be below the replica count (2)',
      );
    });
  });

  describe('default values', () => {
    const objects = () => objectsOf('default values');

    it('renders the portal with the RBAC of deploy/rbac, the Kong route and its plugins', () => {
      expect(kinds(objects())).toEqual([
        'ClusterRole/ops-portal-reader',
        'ClusterRole/ops-portal-scaffolder',
        'ClusterRole/ops-portal-traffic-editor',
        'ClusterRoleBinding/ops-portal-reader',
        'ClusterRoleBinding/ops-portal-scaffolder',
        'ClusterRoleBinding/ops-portal-traffic-editor',
        'ConfigMap/ops-portal-app-config',
        'Deployment/ops-portal',
        'Ingress/ops-portal',
        'KongPlugin/prometheus-ops-portal',
        'KongPlugin/rl-ops-portal',
        'PodDisruptionBudget/ops-portal',
        'Secret/ops-portal-reader-token',
        'Secret/ops-portal-writer-token',
        'Service/ops-portal',
        'ServiceAccount/ops-portal',
        'ServiceAccount/ops-portal-reader',
        'ServiceAccount/ops-portal-writer',
        'ValidatingAdmissionPolicy/ops-portal-writer-outside-platform-namespaces',
        'ValidatingAdmissionPolicyBinding/ops-portal-writer-outside-platform-namespaces',
      ]);
    });

    it('runs 2 replicas with a rollout that keeps every old pod until a new one is ready', () => {
      const deployment = one(objects(), 'Deployment');
      expect(deployment.spec.replicas).toBe(2);
      expect(deployment.spec.strategy).toEqual({
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: 1, maxUnavailable: 0 },
      });
      expect(one(objects(), 'PodDisruptionBudget').spec).toMatchObject({
        minAvailable: 1,
        selector: { matchLabels: deployment.spec.selector.matchLabels },
      });
    });

    it('probes the Backstage health endpoints on the backend port 7007', () => {
      const c = container(objects());
      expect(c.ports).toEqual([
        { name: 'http', containerPort: 7007, protocol: 'TCP' },
      ]);
      expect(c.readinessProbe.httpGet).toEqual({
        path: '/.backstage/health/v1/readiness',
        port: 'http',
      });
      expect(c.livenessProbe.httpGet).toEqual({
        path: '/.backstage/health/v1/liveness',
        port: 'http',
      });
      expect(c.startupProbe.httpGet.path).toBe(
        '/.backstage/health/v1/liveness',
      );
      expect(c.resources.requests).toEqual({ cpu: '250m', memory: '512Mi' });
    });

    it('runs non-root on a read-only root file system with /tmp on an emptyDir, without a service account token', () => {
      const pod = one(objects(), 'Deployment').spec.template.spec;
      const c = container(objects());
      expect(pod.securityContext).toMatchObject({
        runAsNonRoot: true,
        runAsUser: 1000,
      });
      expect(c.securityContext).toMatchObject({
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
      });
      expect(c.volumeMounts).toContainEqual({ name: 'tmp', mountPath: '/tmp' });
      expect(pod.volumes).toContainEqual({
        name: 'tmp',
        emptyDir: { sizeLimit: '2Gi' },
      });
      expect(pod.automountServiceAccountToken).toBe(false);
      expect(
        one(objects(), 'ServiceAccount', 'ops-portal')
          .automountServiceAccountToken,
      ).toBe(false);
    });

    it('sets every variable app-config.production.yaml and the chart config read, credentials only from Secrets', () => {
      const production = configVariables(
        fs.readFileSync(
          path.join(REPO_ROOT, 'app-config.production.yaml'),
          'utf8',
        ),
      );
      const configMap = one(objects(), 'ConfigMap');
      const chartConfig = configVariables(
        configMap.data['app-config.chart.yaml'],
      );
      const env = envOf(objects());
      const variables = [...production.all, ...chartConfig.all];
      expect(
        variables.filter(
          v =>
            !env.has(v) &&
            v !== 'K8S_CA_DATA' &&
            v !== 'KONG_ADMIN_URL' &&
            v !== 'GRAFANA_DASHBOARD_URL',
        ),
      ).toEqual([]);
      const credentials = [
        ...production.credentials,
        ...chartConfig.credentials,
      ];
      expect(credentials).toEqual(
        expect.arrayContaining([
          'POSTGRES_PASSWORD',
          'K8S_WRITER_TOKEN',
          'REDIS_URL',
        ]),
      );
      for (const name of credentials) {
        const entry = env.get(name);
        expect({
          name,
          value: entry?.value,
          from: Object.keys(entry?.valueFrom ?? {}),
        }).toEqual({
          name,
          value: undefined,
          from: ['secretKeyRef'],
        });
      }
      expect(
        env.get('K8S_SERVICE_ACCOUNT_TOKEN').valueFrom.secretKeyRef,
      ).toEqual({
        name: 'ops-portal-reader-token',
        key: 'token',
      });
      expect(env.get('K8S_WRITER_TOKEN').valueFrom.secretKeyRef).toEqual({
        name: 'ops-portal-writer-token',
        key: 'token',
      });
      expect(env.get('KONG_ADMIN_TOKEN').valueFrom.secretKeyRef.optional).toBe(
        true,
      );
      expect(chartConfig.all).toEqual(new Set(['REDIS_URL']));
      expect(
        parse(configMap.data['app-config.chart.yaml']).backend.cache,
      ).toEqual({
        store: 'redis',
        connection: '${REDIS_URL}',
      });
      expect(container(objects()).args).toEqual([
        '--config',
        'app-config.yaml',
        '--config',
        'app-config.production.yaml',
        '--config',
        '/app/config/app-config.chart.yaml',
        '--config',
        '/app/config/app-config.overrides.yaml',
      ]);
    });

    it('gives the reader and the writer exactly the rules of deploy/rbac', () => {
      const rules = (docs: RenderedObject[], name: string) =>
        one(
          docs.filter(d => d.kind === 'ClusterRole'),
          'ClusterRole',
          name,
        ).rules;
      const reader = rbacFile('reader.yaml');
      const writer = rbacFile('writer.yaml');
      for (const [docs, name] of [
        [reader, 'ops-portal-reader'],
        [writer, 'ops-portal-scaffolder'],
        [writer, 'ops-portal-traffic-editor'],
      ] as const) {
        expect({ name, rules: rules(objects(), name) }).toEqual({
          name,
          rules: rules(docs, name),
        });
      }
      const chartPolicy = one(objects(), 'ValidatingAdmissionPolicy').spec;
      const filePolicy = one(writer, 'ValidatingAdmissionPolicy').spec;
      expect(chartPolicy.matchConditions).toEqual(filePolicy.matchConditions);
      const denied = (expression: string) =>
        [...expression.matchAll(/'([a-z0-9-]+)'/g)].map(m => m[1]);
      expect(denied(chartPolicy.validations[0].expression)).toEqual(
        expect.arrayContaining(denied(filePolicy.validations[0].expression)),
      );
    });

    it("routes through Kong with the portal's rate-limiting and prometheus KongPlugins", () => {
      const ingress = one(objects(), 'Ingress');
      expect(ingress.spec.ingressClassName).toBe('kong');
      expect(ingress.metadata.annotations['konghq.com/plugins']).toBe(
        'rl-ops-portal,prometheus-ops-portal',
      );
      expect(ingress.spec.rules[0].http.paths[0].backend.service).toEqual({
        name: 'ops-portal',
        port: { name: 'http' },
      });
      expect(one(objects(), 'KongPlugin', 'rl-ops-portal')).toMatchObject({
        plugin: 'rate-limiting',
        config: { second: 50, limit_by: 'ip', policy: 'local' },
      });
      expect(
        one(objects(), 'KongPlugin', 'prometheus-ops-portal'),
      ).toMatchObject({
        plugin: 'prometheus',
        config: {
          status_code_metrics: true,
          latency_metrics: true,
          bandwidth_metrics: true,
          upstream_health_metrics: true,
        },
      });
    });
  });

  describe('HPA + NetworkPolicy + ExternalSecret', () => {
    const objects = () => objectsOf('HPA + NetworkPolicy + ExternalSecret');

    it('leaves the replicas to an autoscaling/v2 HPA and keeps the PDB below its minimum', () => {
      expect(one(objects(), 'Deployment').spec.replicas).toBeUndefined();
      const hpa = one(objects(), 'HorizontalPodAutoscaler');
      expect(hpa.apiVersion).toBe('autoscaling/v2');
      expect(hpa.spec).toMatchObject({
        scaleTargetRef: {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: 'portal-a-ops-portal',
        },
        minReplicas: 3,
        maxReplicas: 8,
      });
      expect(
        hpa.spec.metrics.map((m: any) => [
          m.resource.name,
          m.resource.target.averageUtilization,
        ]),
      ).toEqual([
        ['cpu', 70],
        ['memory', 80],
      ]);
      expect(one(objects(), 'PodDisruptionBudget').spec.minAvailable).toBe(2);
    });

    it('admits only Kong to the backend port, and restricts egress to the listed rules plus DNS', () => {
      const policy = one(objects(), 'NetworkPolicy').spec;
      expect(policy.policyTypes).toEqual(['Ingress', 'Egress']);
      expect(policy.ingress).toEqual([
        {
          from: [
            {
              namespaceSelector: {
                matchLabels: { 'kubernetes.io/metadata.name': 'kong' },
              },
            },
          ],
          ports: [{ port: 'http', protocol: 'TCP' }],
        },
      ]);
      expect(policy.egress).toHaveLength(2);
      expect(policy.egress[0].ports.map((p: any) => p.port)).toEqual([53, 53]);
    });

    it('makes the credentials Secret with an ExternalSecret holding exactly the keys the Deployment reads from it', () => {
      const external = one(objects(), 'ExternalSecret');
      expect(external.apiVersion).toBe('external-secrets.io/v1beta1');
      expect(external.spec.target).toEqual({
        name: 'ops-portal-credentials',
        creationPolicy: 'Owner',
      });
      const required = [...envOf(objects()).values()]
        .map(e => e.valueFrom?.secretKeyRef)
        .filter(
          ref => ref && ref.name === 'ops-portal-credentials' && !ref.optional,
        )
        .map(ref => ref.key)
        .sort();
      expect(external.spec.data.map((d: any) => d.secretKey).sort()).toEqual(
        required,
      );
      expect(required).toEqual(
        expect.arrayContaining([
          'K8S_SERVICE_ACCOUNT_TOKEN',
          'K8S_WRITER_TOKEN',
          'POSTGRES_PASSWORD',
          'REDIS_URL',
        ]),
      );
      expect(required).not.toContain('KONG_ADMIN_TOKEN');
      for (const d of external.spec.data) {
        expect(d.remoteRef).toEqual({
          key: 'ops-portal',
          property: d.secretKey,
        });
      }
    });

    it('creates no cluster identities with rbac.create off, adds the tcp-log plugin and the database CA', () => {
      expect(
        objects().filter(o =>
          /^(Secret|ClusterRole|ClusterRoleBinding|ValidatingAdmissionPolicy|ValidatingAdmissionPolicyBinding)$/.test(
            o.kind,
          ),
        ),
      ).toEqual([]);
      expect(
        kinds(objects()).filter(k => k.startsWith('ServiceAccount/')),
      ).toEqual(['ServiceAccount/portal-a-ops-portal']);
      expect(
        one(objects(), 'Ingress').metadata.annotations['konghq.com/plugins'],
      ).toBe(
        'rl-portal-a-ops-portal,prometheus-portal-a-ops-portal,tcp-log-portal-a-ops-portal',
      );
      expect(
        one(objects(), 'KongPlugin', 'tcp-log-portal-a-ops-portal'),
      ).toMatchObject({
        plugin: 'tcp-log',
        config: { host: 'fluentd.logging.svc', port: 5170, tls: false },
      });
      expect(envOf(objects()).get('NODE_EXTRA_CA_CERTS').value).toBe(
        '/app/postgresql-ca/ca.crt',
      );
    });
  });

  describe('without Redis and Ingress', () => {
    const objects = () => objectsOf('without Redis and Ingress');

    it('caches in memory, reads no REDIS_URL and renders no route', () => {
      const configMap = one(objects(), 'ConfigMap');
      expect(
        parse(configMap.data['app-config.chart.yaml']).backend.cache,
      ).toEqual({ store: 'memory' });
      expect(envOf(objects()).has('REDIS_URL')).toBe(false);
      expect(
        objects().filter(o => o.kind === 'Ingress' || o.kind === 'KongPlugin'),
      ).toEqual([]);
      expect(one(objects(), 'Deployment').spec.replicas).toBe(3);
      expect(one(objects(), 'PodDisruptionBudget').spec).toMatchObject({
        maxUnavailable: 1,
      });
      expect(
        one(objects(), 'PodDisruptionBudget').spec.minAvailable,
      ).toBeUndefined();
      expect(
        envOf(objects()).get('KONG_ADMIN_TOKEN').valueFrom.secretKeyRef
          .optional,
      ).toBeUndefined();
    });
  });

  describe('server-side apply to the real kube-apiserver (with the Kong, Argo CD and External Secrets CRDs)', () => {
    let server: KubeApiServer;

    beforeAll(async () => {
      server = await KubeApiServer.start({
        namespaces: [
          'ops-portal',
          'portal-a',
          'portal-b',
          'argocd',
          'kong',
          'orders',
        ],
      });
    });

    afterAll(async () => {
      await server?.stop();
    });

    const admin = () => kubeConfigFor(server.url, server.token);

    it.each(VARIATIONS.map(v => [v.title] as const))(
      'accepts every object of %s and keeps every rendered field',
      async title => {
        const start = Date.now();
        const applied = await serverSideApply(admin(), objectsOf(title));
        // eslint-disable-next-line no-console
        console.log(
          `server-side apply of ${applied.length} objects (${title}): ${
            Date.now() - start
          } ms`,
        );
        expect(applied).toHaveLength(objectsOf(title).length);
        for (const { rendered: r, live } of applied) {
          const id = `${r.kind}/${r.metadata.name}`;
          expect({ id, uid: typeof live.metadata?.uid }).toEqual({
            id,
            uid: 'string',
          });
          expect({
            id,
            managers: (live.metadata.managedFields ?? []).map(
              (f: any) => `${f.manager}:${f.operation}`,
            ),
          }).toEqual({
            id,
            managers: expect.arrayContaining([`${FIELD_MANAGER}:Apply`]),
          });
          const raw = await readRaw(server.url, server.token, r);
          expect({ id, notKept: fieldsNotKept(r, raw) }).toEqual({
            id,
            notKept: [],
          });
        }
      },
    );

    it('a second apply of the same manifests changes nothing', async () => {
      const objects = objectsOf('default values');
      const before = await Promise.all(objects.map(o => readLive(admin(), o)));
      const again = await serverSideApply(admin(), objects);
      expect(again.map(a => a.live.metadata.resourceVersion)).toEqual(
        before.map(b => b.metadata.resourceVersion),
      );
    });

    it("accepts the portal's Argo CD AppProject and Application (multi-source Helm, ServerSideApply)", async () => {
      const docs = [
        'appproject-ops-portal.yaml',
        'ops-portal-application.yaml',
      ].flatMap(file =>
        parseAllDocuments(
          fs.readFileSync(path.join(REPO_ROOT, 'deploy/argocd', file), 'utf8'),
        ).map(d => d.toJS() as RenderedObject),
      );
      const applied = await serverSideApply(admin(), docs);
      for (const { rendered: r } of applied) {
        const raw = await readRaw(server.url, server.token, r);
        expect({ kind: r.kind, notKept: fieldsNotKept(r, raw) }).toEqual({
          kind: r.kind,
          notKept: [],
        });
      }
      const application = applied[1].live;
      expect(application.spec.project).toBe(applied[0].live.metadata.name);
      expect(application.spec.sources[0].path).toBe('deploy/helm/ops-portal');
      expect(application.spec.syncPolicy.syncOptions).toContain(
        'ServerSideApply=true',
      );
      // every kind the chart renders, in any variation, is allowed by the project
      const project = applied[0].live.spec;
      const allowed = [
        ...project.clusterResourceWhitelist,
        ...project.namespaceResourceWhitelist,
      ].map((k: any) => `${k.group}/${k.kind}`);
      const chartKinds = new Set(
        VARIATIONS.flatMap(v => objectsOf(v.title)).map(
          o =>
            `${o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : ''}/${
              o.kind
            }`,
        ),
      );
      expect([...chartKinds].filter(k => !allowed.includes(k))).toEqual([]);
    });

    it('the applied RBAC holds: the reader reads but no Secrets, the writer writes Secrets outside the platform namespaces only', async () => {
      const { CoreV1Api, ApiException } = clientNode();
      const as = (user: string) =>
        kubeConfigFor(
          server.url,
          server.token,
          `system:serviceaccount:ops-portal:${user}`,
        ).makeApiClient(CoreV1Api);
      const code = async (p: Promise<unknown>) =>
        p.then(
          () => 200,
          e => (e instanceof ApiException ? e.code : Promise.reject(e)),
        );
      const secret = (namespace: string, name: string) => ({
        namespace,
        body: { metadata: { name }, stringData: { client_secret: 'x' } },
      });

      const reader = as('ops-portal-reader');
      expect(await code(reader.listPodForAllNamespaces())).toBe(200);
      expect(
        await code(reader.listNamespacedSecret({ namespace: 'orders' })),
      ).toBe(403);
      expect(
        await code(
          reader.createNamespacedConfigMap({
            namespace: 'orders',
            body: { metadata: { name: 'x' } },
          }),
        ),
      ).toBe(403);

      const writer = as('ops-portal-writer');
      expect(
        await code(
          writer.createNamespacedSecret(secret('orders', 'orders-oidc-client')),
        ),
      ).toBe(200);
      expect(
        await code(writer.listNamespacedConfigMap({ namespace: 'orders' })),
      ).toBe(403);
      // the admission policy takes effect once the API server has loaded it
      let denied: any;
      for (let i = 0; i < 50; i += 1) {
        denied = await writer
          .createNamespacedSecret(secret('kong', `kong-${i}`))
          .then(
            () => undefined,
            e => e,
          );
        if (denied) break;
        await new Promise(r => setTimeout(r, 200));
      }
      // a ValidatingAdmissionPolicy denial without a reason is 422 Invalid
      expect(denied?.code).toBe(422);
      expect(String(denied?.body)).toContain(
        'the ops portal writer may not change Secrets or Namespaces of platform namespaces',
      );
      expect(
        await code(
          writer.createNamespacedSecret(secret('ops-portal', 'stolen')),
        ),
      ).toBe(422);
      expect(
        await code(
          writer.createNamespacedSecret(secret('orders', 'orders-second')),
        ),
      ).toBe(200);
    });
  });
});
