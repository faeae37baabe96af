import { UserEntity } from '@backstage/catalog-model';
import { LoggerService } from '@backstage/backend-plugin-api';
import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { setupServer } from 'msw/node';
import { FakeKeycloak } from '../keycloak/__testUtils__/FakeKeycloak';
import { FakeKubernetes } from '../kubernetes/__testUtils__/FakeKubernetes';
import { createKeycloakClientAction } from './createKeycloakClient';

const KEYCLOAK = 'http://keycloak.test';
const CLUSTER = 'http://k8s.test';
const server = setupServer();
registerMswTestHooks(server);

function config(
  secretDelivery: 'kubernetes' | 'external-secret' = 'kubernetes',
  extra: { writers?: object[]; production?: boolean } = {},
) {
  return new ConfigReader({
    ...(extra.production && { auth: { environment: 'production' } }),
    opsPortal: {
      ...(extra.writers && { kubernetes: { writers: extra.writers } }),
      keycloak: {
        baseUrl: KEYCLOAK,
        realm: 'services',
        clientId: 'ops-portal-admin',
        clientSecret: 'admin-s3cret-value',
        secretDelivery,
        externalSecretStore: 'vault-backend',
      },
      scaffolder: {
        cluster: 'sandbox',
        argocdInstance: 'sandbox',
        allowedImageRegistries: [],
      },
    },
    kubernetes: {
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: [
            {
              name: 'sandbox',
              url: CLUSTER,
              serviceAccountToken: 'sa-token',
              skipTLSVerify: true,
            },
          ],
        },
      ],
    },
  });
}

const input = {
  clientId: 'payments',
  owner: 'group:default/team-a',
  redirectUris: ['https://api.example.com/api/payments/callback'],
  secretTarget: { namespace: 'payments', name: 'payments-oidc' },
};

/** The initiator: a member of team-a. */
const member: { ref: string; entity: UserEntity } = {
  ref: 'user:default/mock',
  entity: {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'mock' },
    spec: {},
    relations: [{ type: 'memberOf', targetRef: 'group:default/team-a' }],
  },
};

/** A task context that records log lines, outputs and checkpoint values like a real task. */
function taskContext(
  options: {
    dryRun?: boolean;
    checkpoints?: Map<string, unknown>;
    input?: Record<string, unknown>;
    user?: typeof member;
  } = {},
) {
  const lines: string[] = [];
  const record = (level: string) => (message: string, meta?: unknown) =>
    lines.push(
      `${level} ${message} ${meta === undefined ? '' : JSON.stringify(meta)}`,
    );
  const logger: LoggerService = {
    error: record('error'),
    warn: record('warn'),
    info: record('info'),
    debug: record('debug'),
    child: () => logger,
  };
  const checkpoints = options.checkpoints ?? new Map<string, unknown>();
  const base = createMockActionContext({
    input: { ...input, ...options.input } as typeof input,
    logger,
    user: options.user ?? member,
  });
  const ctx = {
    ...base,
    isDryRun: options.dryRun,
    async checkpoint({ key, fn }: { key: string; fn: () => Promise<any> }) {
      if (!checkpoints.has(key)) checkpoints.set(key, await fn());
      return checkpoints.get(key);
    },
  } as typeof base;
  const outputs = () =>
    Object.fromEntries((ctx.output as jest.Mock).mock.calls);
  return { ctx, lines, outputs, checkpoints };
}

describe('keycloak:client:create', () => {
  let keycloak: FakeKeycloak;
  let kube: FakeKubernetes;

  beforeEach(() => {
    keycloak = new FakeKeycloak(KEYCLOAK);
    keycloak.addRealm('services');
    kube = new FakeKubernetes(CLUSTER, 'sa-token');
    server.use(...keycloak.handlers(), ...kube.handlers());
  });

  it('creates the client and its Secret, and the secret appears nowhere in logs, outputs or checkpoints', async () => {
    const action = createKeycloakClientAction({ config: config() });
    const task = taskContext();
    await action.handler(task.ctx);

    const [client] = keycloak.realms.get('services')!.values();
    const clientSecret: string = client.secret;
    expect(task.outputs()).toEqual({
      clientId: 'payments',
      id: client.id,
      created: true,
      secretRef: { namespace: 'payments', name: 'payments-oidc' },
      secretDelivery: 'kubernetes',
    });
    // The secret did travel: it is in the Secret written to the cluster.
    const secret = kube.secrets.get('payments/payments-oidc')!;
    expect(Buffer.from(secret.data['client-secret'], 'base64').toString()).toBe(
      clientSecret,
    );
    expect(secret.metadata.labels).toEqual({
      'backstage.io/kubernetes-id': 'payments',
      'app.kubernetes.io/managed-by': 'ops-portal',
    });
    expect(kube.namespaces.has('payments')).toBe(true);

    const visible = JSON.stringify([
      task.lines,
      task.outputs(),
      [...task.checkpoints],
    ]);
    expect(task.lines.length).toBeGreaterThan(0);
    for (const value of [clientSecret, 'admin-s3cret-value', 'sa-token']) {
      expect(visible).not.toContain(value);
      expect(visible).not.toContain(Buffer.from(value).toString('base64'));
    }
  });

  it('reuses the client and leaves the Secret untouched on a re-run', async () => {
    const action = createKeycloakClientAction({ config: config() });
    await action.handler(taskContext().ctx);
    const [client] = keycloak.realms.get('services')!.values();
    const resourceVersion = kube.secrets.get('payments/payments-oidc')!.metadata
      .resourceVersion;
    kube.requests.length = 0;

    const rerun = taskContext();
    await action.handler(rerun.ctx);

    expect(rerun.outputs()).toMatchObject({ id: client.id, created: false });
    expect(keycloak.realms.get('services')!.size).toBe(1);
    expect(keycloak.createdBodies).toHaveLength(1);
    expect(kube.requests.filter(r => !r.startsWith('GET'))).toEqual([]);
    expect(
      kube.secrets.get('payments/payments-oidc')!.metadata.resourceVersion,
    ).toBe(resourceVersion);
    expect(rerun.lines.join('\n')).toContain('already exists');
  });

  it('does not repeat a step whose checkpoint is recorded (task resumed after a restart)', async () => {
    const action = createKeycloakClientAction({ config: config() });
    const checkpoints = new Map<string, unknown>();
    await action.handler(taskContext({ checkpoints }).ctx);
    keycloak.requests.length = 0;
    kube.requests.length = 0;

    await action.handler(taskContext({ checkpoints }).ctx);
    expect(keycloak.requests).toEqual([]);
    expect(kube.requests).toEqual([]);
  });

  it('writes nothing to the cluster with external-secret delivery and says where the secret must go', async () => {
    const task = taskContext();
    await createKeycloakClientAction({
      config: config('external-secret'),
    }).handler(task.ctx);

    expect(kube.requests).toEqual([]);
    expect(keycloak.requests.some(r => r.includes('client-secret'))).toBe(
      false,
    );
    expect(task.outputs()).toMatchObject({
      created: true,
      secretDelivery: 'external-secret',
    });
    expect(task.lines.join('\n')).toContain(
      "into secret store 'vault-backend' out of band",
    );
  });

  it('sends nothing to Keycloak or the cluster on a dry run', async () => {
    const task = taskContext({ dryRun: true });
    await createKeycloakClientAction({ config: config() }).handler(task.ctx);

    expect(keycloak.requests).toEqual([]);
    expect(kube.requests).toEqual([]);
    expect(task.outputs()).toEqual({
      clientId: 'payments',
      id: 'dry-run',
      created: false,
      secretRef: { namespace: 'payments', name: 'payments-oidc' },
      secretDelivery: 'kubernetes',
    });
    expect(task.lines.join('\n')).toContain(
      "Dry run: would create (or reuse the portal's own) confidential client 'payments' of service 'payments' for group:default/team-a",
    );
  });

  it('writes the Secret with the writer token of opsPortal.kubernetes.writers', async () => {
    const writerKube = new FakeKubernetes(CLUSTER, 'writer-token');
    server.use(...writerKube.handlers());
    const writers = [
      { cluster: 'sandbox', serviceAccountToken: 'writer-token' },
    ];
    await createKeycloakClientAction({
      config: config('kubernetes', { writers, production: true }),
    }).handler(taskContext().ctx);
    expect(writerKube.secrets.has('payments/payments-oidc')).toBe(true);
    expect(kube.requests).toEqual([]);
  });

  it('refuses, before Keycloak is touched, a production cluster without a writer token', async () => {
    const error = await createKeycloakClientAction({
      config: config('kubernetes', { production: true }),
    })
      .handler(taskContext().ctx)
      .then(
        () => undefined,
        (e: Error) => e,
      );
    expect(error?.message).toContain(
      "Config 'opsPortal.scaffolder.cluster' names cluster 'sandbox', which has no writer credential",
    );
    expect(keycloak.realms.get('services')!.size).toBe(0);
  });

  it('keeps the secret out of the error when the Secret cannot be written', async () => {
    kube.forbid = /^POST .*\/secrets$/;
    const task = taskContext();
    const error = await createKeycloakClientAction({ config: config() })
      .handler(task.ctx)
      .then(
        () => undefined,
        (e: Error) => e,
      );

    expect(error?.message).toContain(
      `Kubernetes cluster 'sandbox' refused creating Secret payments/payments-oidc (403 Forbidden`,
    );
    const [client] = keycloak.realms.get('services')!.values();
    const visible = JSON.stringify([
      error?.message,
      error?.stack,
      task.lines,
      task.outputs(),
    ]);
    expect(visible).not.toContain(client.secret);
  });

  it('marks the client with the service and owner, in the configured realm whatever the input says', async () => {
    keycloak.addRealm('master');
    await createKeycloakClientAction({ config: config() }).handler(
      taskContext({ input: { realm: 'master' } }).ctx,
    );
    const [client] = keycloak.realms.get('services')!.values();
    expect(client.attributes).toEqual({
      'ops-portal.service': 'payments',
      'ops-portal.owner': 'group:default/team-a',
    });
    expect(keycloak.realms.get('master')!.size).toBe(0);
  });

  it.each([
    ['has no portal marker', undefined, 'did not create for a service'],
    [
      "is another owner's",
      {
        'ops-portal.service': 'payments',
        'ops-portal.owner': 'group:default/team-giropops',
      },
      'owned by group:default/team-giropops',
    ],
  ])(
    'refuses an existing client that %s and writes no Secret',
    async (_what, attributes, message) => {
      const existing = keycloak.addClient('services', {
        clientId: 'payments',
        publicClient: false,
        secret: 'their-secret',
        protocolMappers: [],
        ...(attributes ? { attributes } : {}),
      });
      const task = taskContext();
      const error = await createKeycloakClientAction({ config: config() })
        .handler(task.ctx)
        .then(
          () => undefined,
          (e: Error) => e,
        );
      expect(error?.name).toBe('ConflictError');
      expect(error?.message).toContain(
        `Keycloak already has client 'payments'`,
      );
      expect(error?.message).toContain(message);
      expect(existing.protocolMappers).toEqual([]);
      expect(kube.requests).toEqual([]);
      expect(JSON.stringify([error?.message, task.lines])).not.toContain(
        'their-secret',
      );
    },
  );

  it.each([
    'admin-cli',
    'realm-management',
    'master-realm',
    'ops-portal-admin',
  ])('refuses the reserved client id %s, even on a dry run', async clientId => {
    for (const dryRun of [false, true]) {
      await expect(
        createKeycloakClientAction({ config: config() }).handler(
          taskContext({ dryRun, input: { clientId } }).ctx,
        ),
      ).rejects.toThrow('is reserved');
    }
    expect(keycloak.requests).toEqual([]);
  });

  it('refuses an owner the initiator is not a member of', async () => {
    await expect(
      createKeycloakClientAction({ config: config() }).handler(
        taskContext({ input: { owner: 'group:default/team-giropops' } }).ctx,
      ),
    ).rejects.toThrow(
      'user:default/mock may not create a service owned by group:default/team-giropops',
    );
    expect(keycloak.requests).toEqual([]);
  });

  it('fails with a clear message when the Keycloak config is missing', async () => {
    const action = createKeycloakClientAction({ config: new ConfigReader({}) });
    await expect(action.handler(taskContext().ctx)).rejects.toThrow(
      "Missing config 'opsPortal.keycloak'",
    );
  });
});
