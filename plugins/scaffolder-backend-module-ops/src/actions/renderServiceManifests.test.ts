import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  exampleRequest,
  exampleSettings,
} from '../manifests/__fixtures__/serviceRequest';
import type {
  ClusterReader,
  LiveIngressPath,
  LiveNamespace,
} from '../kubernetes/ClusterReader';
import { createRenderServiceManifestsAction } from './renderServiceManifests';

/** A cluster as the render step reads it; `down` makes every read fail. */
class FakeCluster implements ClusterReader {
  namespaces: LiveNamespace[] = [];
  ingressPaths: LiveIngressPath[] = [
    { namespace: 'driver', name: 'driver', path: '/api/driver' },
  ];
  down = false;
  reads = 0;

  async readNamespace(name: string) {
    this.reads++;
    if (this.down) throw new Error('cluster unreachable');
    return this.namespaces.find(n => n.name === name);
  }

  async listIngressPaths() {
    this.reads++;
    if (this.down) throw new Error('cluster unreachable');
    return this.ingressPaths;
  }
}

const FILES = [
  'services/orders/deployment.yaml',
  'services/orders/service.yaml',
  'services/orders/hpa.yaml',
  'services/orders/ingress.yaml',
  'services/orders/kong-plugins.yaml',
  'services/orders/istio.yaml',
  'apps/orders.yaml',
];

describe('ops:service:render', () => {
  const mockDir = createMockDirectory();
  let cluster = new FakeCluster();
  const action = createRenderServiceManifestsAction({
    settings: exampleSettings(),
    adminGroups: ['group:default/platform-admins'],
    clusterReader: () => cluster,
  });

  beforeEach(() => {
    mockDir.setContent({ 'catalog-info.yaml': 'kept' });
    cluster = new FakeCluster();
  });

  function context(
    input: Record<string, unknown>,
    groups = ['group:default/team-orders'],
  ) {
    const logger = mockServices.logger.mock();
    const ctx = createMockActionContext({
      input: input as any,
      workspacePath: mockDir.path,
      logger,
      user: {
        ref: 'user:default/dev',
        entity: {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'User',
          metadata: { name: 'dev' },
          spec: { memberOf: groups },
          relations: groups.map(targetRef => ({ type: 'memberOf', targetRef })),
        },
      },
    });
    return { ctx, logger };
  }

  it('declares its id, dry-run support and input schema', () => {
    expect(action.id).toBe('ops:service:render');
    expect(action.supportsDryRun).toBe(true);
    expect(action.schema?.input).toMatchObject({
      type: 'object',
      required: expect.arrayContaining(['name', 'image', 'namespace', 'auth']),
    });
  });

  it.each([
    ['the workspace root', undefined, ''],
    ['a target path', 'gitops', 'gitops/'],
  ])('renders every file into %s', async (_case, targetPath, prefix) => {
    const { ctx, logger } = context({ ...exampleRequest(), targetPath });
    await action.handler(ctx);

    const files = FILES.map(file => `${prefix}${file}`);
    expect(ctx.output).toHaveBeenCalledWith('files', files);
    expect(ctx.output).toHaveBeenCalledWith(
      'serviceDirectory',
      `${prefix}services/orders`,
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'applicationFile',
      `${prefix}apps/orders.yaml`,
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'routeUrl',
      'https://api.example.com/api/orders',
    );
    for (const file of files) {
      expect(logger.info).toHaveBeenCalledWith(`Wrote ${file}`);
    }

    const content = mockDir.content() as Record<string, any>;
    expect(content['catalog-info.yaml']).toBe('kept');
    const root = targetPath ? content[targetPath] : content;
    expect(Object.keys(root.services.orders).sort()).toEqual([
      'deployment.yaml',
      'hpa.yaml',
      'ingress.yaml',
      'istio.yaml',
      'kong-plugins.yaml',
      'service.yaml',
    ]);
    expect(root.apps['orders.yaml']).toMatch(
      /^# Argo CD Application for orders/,
    );
    expect(root.services.orders['kong-plugins.yaml']).toContain(
      'name: oidc-orders',
    );
  });

  it('renders the same files in a dry run', async () => {
    const { ctx } = context(exampleRequest());
    await action.handler(ctx);
    const real = mockDir.content();

    mockDir.setContent({ 'catalog-info.yaml': 'kept' });
    const dry = context(exampleRequest()).ctx;
    await action.handler({ ...dry, isDryRun: true });
    expect(mockDir.content()).toEqual(real);
  });

  it.each<[string, Record<string, unknown>, string]>([
    [
      'an invalid name',
      { name: 'Orders_API' },
      "Service name must be a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit",
    ],
    [
      'the default namespace',
      { namespace: 'default' },
      "Namespace must not be 'default': every service gets its own namespace",
    ],
    [
      'min above max replicas',
      { autoscaling: { minReplicas: 5, maxReplicas: 2, cpuTargetPercent: 70 } },
      'Minimum replicas must not be greater than maximum replicas',
    ],
  ])(
    'refuses %s with its message and writes nothing',
    async (_case, overrides, message) => {
      const { ctx } = context({ ...exampleRequest(), ...overrides });
      await expect(action.handler(ctx)).rejects.toThrow(message);
      await expect(action.handler(ctx)).rejects.toMatchObject({
        name: 'InputError',
      });
      expect(mockDir.content()).toEqual({ 'catalog-info.yaml': 'kept' });
      expect(ctx.output).not.toHaveBeenCalled();
    },
  );

  it.each([
    'kube-system',
    'kube-public',
    'kube-node-lease',
    'argocd',
    'istio-system',
    'kong',
    'keycloak',
    'logging',
  ])(
    'refuses the platform namespace %s before reading the cluster',
    async namespace => {
      const { ctx } = context(exampleRequest({ namespace }));
      const error = await action.handler(ctx).catch(e => e);
      expect(error.name).toBe('InputError');
      expect(error.message).toBe(
        `Namespace '${namespace}' is a platform namespace (opsPortal.scaffolder.deniedNamespaces); a service may not be created there`,
      );
      expect(cluster.reads).toBe(0);
      expect(mockDir.content()).toEqual({ 'catalog-info.yaml': 'kept' });
    },
  );

  it('follows the configured deny-list', async () => {
    const custom = createRenderServiceManifestsAction({
      settings: exampleSettings({ deniedNamespaces: ['orders'] }),
      adminGroups: [],
      clusterReader: () => cluster,
    });
    const { ctx } = context(exampleRequest());
    await expect(custom.handler(ctx)).rejects.toThrow(
      "Namespace 'orders' is a platform namespace",
    );
  });

  it.each([
    ['/api/payments', "'/orders' or '/api/orders'"],
    ['/', "'/orders' or '/api/orders'"],
    ['/api/orders/../payments', "must not contain '.' or '..' segments"],
    ['/~/orders.*', "may only contain letters, digits, '.', '_', '-'"],
  ])('refuses the route path %s', async (routePath, message) => {
    const { ctx } = context(exampleRequest({ routePath }));
    await expect(action.handler(ctx)).rejects.toThrow(message);
    expect(mockDir.content()).toEqual({ 'catalog-info.yaml': 'kept' });
  });

  it.each<[string, LiveNamespace, string]>([
    [
      "another owner's namespace",
      {
        name: 'orders',
        annotations: { 'ops-portal/owner': 'group:default/team-giropops' },
      },
      "Namespace 'orders' belongs to group:default/team-giropops, not group:default/team-orders; choose another namespace",
    ],
    [
      'a namespace the portal does not manage',
      { name: 'orders', annotations: {} },
      "Namespace 'orders' exists and is not managed by the portal",
    ],
  ])('refuses %s, in a dry run too', async (_case, namespace, message) => {
    cluster.namespaces = [namespace];
    for (const isDryRun of [false, true]) {
      const { ctx } = context(exampleRequest());
      const error = await action.handler({ ...ctx, isDryRun }).catch(e => e);
      expect(error.name).toBe('NotAllowedError');
      expect(error.message).toContain(message);
    }
    expect(mockDir.content()).toEqual({ 'catalog-info.yaml': 'kept' });
  });

  it("refuses a route that overlaps another service's Ingress", async () => {
    cluster.ingressPaths.push({
      namespace: 'shop',
      name: 'legacy',
      path: '/api/orders/v1',
    });
    const { ctx } = context(exampleRequest());
    const error = await action.handler(ctx).catch(e => e);
    expect(error.name).toBe('ConflictError');
    expect(error.message).toBe(
      "Route path /api/orders overlaps the route of another service: /api/orders/v1 (Ingress shop/legacy); choose another path under the service's own prefix",
    );
    expect(mockDir.content()).toEqual({ 'catalog-info.yaml': 'kept' });
  });

  it("lets the owner re-run into its namespace over the service's own Ingress", async () => {
    cluster.namespaces = [
      {
        name: 'orders',
        annotations: { 'ops-portal/owner': 'group:default/team-orders' },
      },
    ];
    cluster.ingressPaths.push({
      namespace: 'orders',
      name: 'orders',
      path: '/api/orders',
    });
    const { ctx } = context(exampleRequest());
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('files', expect.any(Array));
  });

  it('fails a real run when the cluster cannot be read, writing nothing', async () => {
    cluster.down = true;
    const { ctx } = context(exampleRequest());
    await expect(action.handler(ctx)).rejects.toThrow(
      'Cannot check the namespace and route against the cluster, so nothing was written: cluster unreachable',
    );
    expect(mockDir.content()).toEqual({ 'catalog-info.yaml': 'kept' });
  });

  it('warns and renders in a dry run when the cluster cannot be read', async () => {
    cluster.down = true;
    const { ctx, logger } = context(exampleRequest());
    await action.handler({ ...ctx, isDryRun: true });
    expect(logger.warn).toHaveBeenCalledWith(
      'Dry run: namespace ownership and route overlap were not checked, the cluster could not be read: cluster unreachable',
    );
    expect(ctx.output).toHaveBeenCalledWith('files', expect.any(Array));
  });

  it('fails a disallowed registry naming the rule and writes nothing', async () => {
    const { ctx } = context(exampleRequest({ image: 'docker.io/evil/x:1' }));
    await expect(action.handler(ctx)).rejects.toThrow(
      'policy image-registry-allowlist: image "docker.io/evil/x:1" is not from an allowed registry (ghcr.io/acme/, registry.ops.local/)',
    );
    expect(mockDir.content()).toEqual({ 'catalog-info.yaml': 'kept' });
  });

  it('refuses an owner the initiator is not a member of, writing nothing', async () => {
    const { ctx } = context(exampleRequest(), ['group:default/team-mesh']);
    await expect(action.handler(ctx)).rejects.toThrow(
      'user:default/dev may not create a service owned by',
    );
    expect(mockDir.content()).toEqual({ 'catalog-info.yaml': 'kept' });
  });

  it('refuses oidc when Keycloak is not configured', async () => {
    const withoutKeycloak = createRenderServiceManifestsAction({
      settings: exampleSettings({ oidc: undefined }),
      adminGroups: [],
      clusterReader: () => cluster,
    });
    const { ctx } = context(exampleRequest());
    await expect(withoutKeycloak.handler(ctx)).rejects.toThrow(
      "Authentication 'oidc' needs opsPortal.keycloak",
    );
    expect(mockDir.content()).toEqual({ 'catalog-info.yaml': 'kept' });
  });

  it.each(['..', '../outside', '/etc'])(
    'refuses the target path %s',
    async targetPath => {
      const { ctx } = context({ ...exampleRequest(), targetPath });
      await expect(action.handler(ctx)).rejects.toThrow(
        'Relative path is not allowed to refer to a directory outside its parent',
      );
      expect(mockDir.content()).toEqual({ 'catalog-info.yaml': 'kept' });
    },
  );
});
