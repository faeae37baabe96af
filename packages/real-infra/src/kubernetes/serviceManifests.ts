import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { UserEntity } from '@backstage/catalog-model';
import {
  scaffolderActionsExtensionPoint,
  TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import scaffolderModuleOps from '@internal/plugin-scaffolder-backend-module-ops';
import { parseAllDocuments } from 'yaml';

/** Nothing listens here: rendering reaches no upstream. */
const CLOSED = 'http://127.0.0.1:1';

/** The first example of `ops:service:render` (renderServiceManifests.examples.ts), as one request. */
export const EXAMPLE_REQUEST = {
  name: 'orders',
  description: 'Order intake API',
  owner: 'group:default/team-orders',
  system: 'system:default/shop',
  image: 'ghcr.io/acme/orders:1.0.0',
  port: 8080,
  namespace: 'orders',
  routePath: '/api/orders',
  rateLimitPerSecond: 50,
  auth: 'oidc',
  autoscaling: {
    minReplicas: 2,
    maxReplicas: 6,
    cpuTargetPercent: 70,
    memoryTargetPercent: 80,
  },
  logShipping: true,
  targetPath: 'gitops',
};

const initiator: UserEntity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name: 'guest', namespace: 'default' },
  spec: { memberOf: ['team-orders'] },
  relations: [{ type: 'memberOf', targetRef: 'group:default/team-orders' }],
};

/** One rendered Kubernetes object and the workspace file it is in. */
export interface RenderedObject {
  file: string;
  object: any;
}

/**
 * Runs the real `ops:service:render` action (registered by the scaffolder module with the given
 * `secretDelivery`) on the example request, and parses every file it wrote into objects.
 */
export async function renderExampleServiceManifests(
  secretDelivery: 'kubernetes' | 'external-secret',
  cluster: { url: string; token: string },
  input: Record<string, unknown> = EXAMPLE_REQUEST,
): Promise<RenderedObject[]> {
  const actions: TemplateAction<any, any, any>[] = [];
  const backend = await startTestBackend({
    extensionPoints: [
      [
        scaffolderActionsExtensionPoint,
        { addActions: (...added: any[]) => actions.push(...added) },
      ],
    ],
    features: [
      scaffolderModuleOps,
      mockServices.rootConfig.factory({
        data: {
          opsPortal: {
            gitops: {
              repoUrl: `${CLOSED}/gitops.git`,
              fileUrlTemplate: `${CLOSED}/gitops/raw/{branch}/{path}`,
            },
            keycloak: {
              baseUrl: CLOSED,
              realm: 'platform',
              clientId: 'ops-portal-admin',
              clientSecret: 'admin-secret',
              secretDelivery,
              ...(secretDelivery === 'external-secret' && {
                externalSecretStore: 'keycloak-clients',
              }),
            },
            scaffolder: {
              cluster: 'c',
              argocdInstance: 'a',
              // A restricted AppProject, as deploy/argocd/appproject-services.yaml defines.
              argocdProject: 'ops-services',
              allowedImageRegistries: ['ghcr.io/acme/', 'registry.ops.local/'],
              gatewayUrl: 'http://localhost:8000',
            },
          },
          kubernetes: {
            clusterLocatorMethods: [
              {
                type: 'config',
                // render reads the target namespace and other services' routes (read-only)
                // from the cluster under test before it writes anything.
                clusters: [
                  {
                    name: 'c',
                    url: cluster.url,
                    serviceAccountToken: cluster.token,
                    skipTLSVerify: true,
                  },
                ],
              },
            ],
          },
          argocd: {
            appLocatorMethods: [
              {
                type: 'config',
                instances: [{ name: 'a', url: CLOSED, token: 't' }],
              },
            ],
          },
        },
      }),
    ],
  });
  const workspace = await fs.mkdtemp(path.join(os.tmpdir(), 'render-'));
  try {
    const action = actions.find(a => a.id === 'ops:service:render');
    if (!action)
      throw new Error('the scaffolder module registered no ops:service:render');
    const outputs: Record<string, any> = {};
    const ctx = {
      ...createMockActionContext({
        input: input as any,
        workspacePath: workspace,
        user: { ref: 'user:default/guest', entity: initiator },
      }),
      output: (name: string, value: unknown) => {
        outputs[name] = value;
      },
    };
    await action.handler(ctx as any);
    const rendered: RenderedObject[] = [];
    for (const file of outputs.files as string[]) {
      const text = await fs.readFile(path.join(workspace, file), 'utf8');
      for (const doc of parseAllDocuments(text)) {
        if (doc.errors.length > 0) {
          throw new Error(
            `${file} is not valid YAML: ${doc.errors[0].message}`,
          );
        }
        const object = doc.toJS();
        if (object?.kind) rendered.push({ file, object });
      }
    }
    return rendered;
  } finally {
    await backend.stop();
    await fs.rm(workspace, { recursive: true, force: true });
  }
}
