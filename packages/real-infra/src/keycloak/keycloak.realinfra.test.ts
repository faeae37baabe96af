import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import scaffolderModuleOps from '@internal/plugin-scaffolder-backend-module-ops';
import { describeKeycloakContractSuite } from '@internal/platform-contracts';
import { startTestSandbox, TestSandbox } from '@internal/sandbox/testing';
import {
  ActionContext,
  scaffolderActionsExtensionPoint,
  TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import KeycloakAdminClient from '@keycloak/keycloak-admin-client';
import fs from 'node:fs';
import { KeycloakServer } from './KeycloakServer';

const mib = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MiB`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function report(what: string, server: KeycloakServer) {
  const { readyMs, bootstrapMs, augmented } = server.timings;
  // eslint-disable-next-line no-console
  console.log(
    `[real-infra] Keycloak ${server.version} ${what} (${
      augmented ? 'cold: built itself first' : 'warm: already built'
    }): ready in ${seconds(readyMs)}, bootstrap ${seconds(
      bootstrapMs,
    )}, RSS ${mib(server.rssBytes())} (kc.sh PID ${
      server.pid
    }, java PID ${server.javaPid()}, ${server.target.baseUrl})`,
  );
}

let keycloak: KeycloakServer | undefined;

beforeAll(async () => {
  keycloak = await KeycloakServer.start({ realms: ['platform'] });
  report('first start', keycloak);
}, 600_000);

afterAll(async () => {
  await keycloak?.stop();
}, 60_000);

describeKeycloakContractSuite(
  'real Keycloak meets the Keycloak contract',
  () => keycloak!.target,
);

describe('keycloak:client:create against real Keycloak', () => {
  let env: TestSandbox;
  let sandbox: TestSandbox['sandbox'];
  let action: TemplateAction<any, any, any>;
  const auditEvents: unknown[] = [];
  /** The scaffolder's Kubernetes writer token (opsPortal.kubernetes.writers). */
  const KUBE_TOKEN = 'real-infra-kube-token';

  beforeAll(async () => {
    // The Secret goes to the in-process sandbox's Kubernetes API.
    env = await startTestSandbox({ kubernetes: { writerToken: KUBE_TOKEN } });
    sandbox = env.sandbox;
    const target = keycloak!.target;
    const captured: TemplateAction<any, any, any>[] = [];
    // The action as the portal registers it: through the module, with its audit wrapper.
    await startTestBackend({
      features: [
        scaffolderModuleOps,
        mockServices.rootConfig.factory({
          data: {
            kubernetes: env.portalConfig.kubernetes,
            opsPortal: {
              kubernetes: env.portalConfig.opsPortal.kubernetes,
              keycloak: {
                baseUrl: target.baseUrl,
                realm: target.realm,
                adminRealm: target.adminRealm,
                clientId: target.clientId,
                clientSecret: target.clientSecret,
              },
              scaffolder: { cluster: 'sandbox' },
            },
          },
        }),
        mockServices.auditor.mock({
          createEvent: async (event: unknown) => {
            auditEvents.push(event);
            return {
              success: async (result?: unknown) => {
                auditEvents.push(result);
              },
              fail: async (result?: unknown) => {
                auditEvents.push(result);
              },
            };
          },
        }).factory,
      ],
      extensionPoints: [
        [
          scaffolderActionsExtensionPoint,
          { addActions: (...actions: any[]) => captured.push(...actions) },
        ],
      ],
    });
    const found = captured.find(a => a.id === 'keycloak:client:create');
    if (!found) {
      throw new Error('the module registered no keycloak:client:create action');
    }
    action = found;
  }, 120_000);

  afterAll(async () => {
    await env?.stop();
  });

  /** A task context that records log lines and outputs like a real task. */
  function taskContext(input: ActionContext<any, any>['input']) {
    const lines: string[] = [];
    const record = (level: string) => (message: string, meta?: unknown) =>
      lines.push(
        `${level} ${message} ${meta === undefined ? '' : JSON.stringify(meta)}`,
      );
    const logger: ActionContext<any, any>['logger'] = {
      error: record('error'),
      warn: record('warn'),
      info: record('info'),
      debug: record('debug'),
      child: () => logger,
    };
    const checkpoints = new Map<string, unknown>();
    const base = createMockActionContext({ input, logger });
    const ctx = {
      ...base,
      // A signed-in member of the owning group: the action refuses a task without one.
      user: {
        ref: 'user:default/alice',
        entity: {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'User',
          metadata: { name: 'alice', namespace: 'default' },
          relations: [
            { type: 'memberOf', targetRef: 'group:default/team-payments' },
          ],
        },
      },
      async checkpoint({ key, fn }: { key: string; fn: () => Promise<any> }) {
        if (!checkpoints.has(key)) checkpoints.set(key, await fn());
        return checkpoints.get(key);
      },
    } as typeof base;
    const outputs = () =>
      Object.fromEntries((ctx.output as jest.Mock).mock.calls);
    return { ctx, lines, outputs, checkpoints };
  }

  it('creates a confidential client with the redirect URIs and audience, finds it on a re-run, and delivers its secret only to the Secret', async () => {
    const target = keycloak!.target;
    const clientId = `payments-${Date.now().toString(36)}`;
    const input = {
      clientId,
      redirectUris: ['https://api.example.com/api/payments/callback'],
      webOrigins: ['https://app.example.com'],
      audience: 'payments-api',
      secretTarget: { namespace: 'payments', name: 'payments-oidc' },
      owner: 'group:default/team-payments',
    };

    const first = taskContext(input);
    await action.handler(first.ctx);

    const kc = new KeycloakAdminClient({
      baseUrl: target.baseUrl,
      realmName: target.adminRealm,
    });
    await kc.auth({
      grantType: 'client_credentials',
      clientId: target.clientId,
      clientSecret: target.clientSecret,
    });
    kc.setConfig({ realmName: target.realm });
    const found = await kc.clients.find({ clientId });
    expect(found).toHaveLength(1);
    const client = found[0];
    expect(client).toMatchObject({
      clientId,
      publicClient: false,
      bearerOnly: false,
      clientAuthenticatorType: 'client-secret',
      standardFlowEnabled: true,
      directAccessGrantsEnabled: false,
      serviceAccountsEnabled: true,
      redirectUris: ['https://api.example.com/api/payments/callback'],
      webOrigins: ['https://app.example.com'],
    });
    expect(client.protocolMappers).toEqual([
      expect.objectContaining({
        protocolMapper: 'oidc-audience-mapper',
        config: expect.objectContaining({
          'included.custom.audience': 'payments-api',
          'access.token.claim': 'true',
        }),
      }),
    ]);
    const { value: clientSecret } = await kc.clients.getClientSecret({
      id: client.id!,
    });
    expect(clientSecret).toMatch(/^[A-Za-z0-9]{86}$/);
    expect(first.outputs()).toEqual({
      clientId,
      id: client.id,
      created: true,
      secretRef: { namespace: 'payments', name: 'payments-oidc' },
      secretDelivery: 'kubernetes',
    });

    // Real Keycloak issues tokens for the new client that carry the audience.
    const token = await fetch(
      `${target.baseUrl}/realms/${target.realm}/protocol/openid-connect/token`,
      {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: clientId,
          client_secret: clientSecret!,
        }),
      },
    );
    expect(token.status).toBe(200);
    const accessToken = ((await token.json()) as any).access_token as string;
    const claims = JSON.parse(
      Buffer.from(accessToken.split('.')[1], 'base64url').toString(),
    );
    expect([claims.aud].flat()).toContain('payments-api');

    // The secret reached the Kubernetes Secret...
    const secretType = sandbox.store.typeFor('v1', 'Secret')!;
    const secret = sandbox.store.get(secretType, 'payments', 'payments-oidc')!;
    const data = secret.data as Record<string, string>;
    expect(Buffer.from(data['client-secret'], 'base64').toString()).toBe(
      clientSecret,
    );
    expect(Buffer.from(data['client-id'], 'base64').toString()).toBe(clientId);

    // ... a re-run finds the client instead of making a second one, keeping its secret ...
    const rerun = taskContext(input);
    await action.handler(rerun.ctx);
    expect(rerun.outputs()).toMatchObject({ id: client.id, created: false });
    expect(rerun.lines.join('\n')).toContain('already exists');
    expect(await kc.clients.find({ clientId, search: true })).toHaveLength(1);
    expect((await kc.clients.getClientSecret({ id: client.id! })).value).toBe(
      clientSecret,
    );

    // ... and nowhere else: not in outputs, log lines, checkpoints, audit events, or any other
    // object of the cluster.
    const encodings = (value: string) => [
      value,
      Buffer.from(value).toString('base64'),
    ];
    const visible = JSON.stringify([
      first.lines,
      first.outputs(),
      [...first.checkpoints],
      rerun.lines,
      rerun.outputs(),
      [...rerun.checkpoints],
      auditEvents,
    ]);
    expect(first.lines.length).toBeGreaterThan(0);
    expect(auditEvents.length).toBeGreaterThan(0);
    for (const value of [
      ...encodings(clientSecret!),
      ...encodings(target.clientSecret),
      ...encodings(KUBE_TOKEN),
    ]) {
      expect(visible).not.toContain(value);
    }
    const holders = sandbox.store
      .resourceTypes()
      .flatMap(type => sandbox.store.list(type))
      .filter(object =>
        encodings(clientSecret!).some(v => JSON.stringify(object).includes(v)),
      )
      .map(o => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`);
    expect(holders).toEqual(['Secret payments/payments-oidc']);

    await kc.clients.del({ id: client.id! });
  });
});

describe('the Keycloak harness', () => {
  it('stops Keycloak by PID, java included, and starts it again (warm) on fresh data', async () => {
    const first = keycloak!;
    const javaPid = first.javaPid();
    expect(javaPid).toBeDefined();
    const { stopMs } = await first.stop();
    keycloak = undefined;
    expect(fs.existsSync(`/proc/${javaPid}`)).toBe(false);
    expect(fs.existsSync(`/proc/${first.pid}`)).toBe(false);
    // eslint-disable-next-line no-console
    console.log(`[real-infra] Keycloak stopped in ${seconds(stopMs)}`);

    keycloak = await KeycloakServer.start({ realms: ['platform'] });
    report('second start', keycloak);
    expect(keycloak.timings.augmented).toBe(false);
    const response = await fetch(
      `${keycloak.target.baseUrl}/realms/platform/.well-known/openid-configuration`,
    );
    expect(response.status).toBe(200);
    // A fresh database: nothing of the first server's clients is left.
    expect(keycloak.javaPid()).not.toBe(javaPid);
  }, 600_000);
});
