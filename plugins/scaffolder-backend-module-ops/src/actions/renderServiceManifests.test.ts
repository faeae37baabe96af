import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  exampleRequest,
  exampleSettings,
} from '../manifests/__fixtures__/serviceRequest';
import { createRenderServiceManifestsAction } from './renderServiceManifests';

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
  const action = createRenderServiceManifestsAction({
    settings: exampleSettings(),
    adminGroups: ['group:default/platform-admins'],
  });

  beforeEach(() => mockDir.setContent({ 'catalog-info.yaml': 'kept' }));

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
