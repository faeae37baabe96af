import { spawn } from 'node:child_process';
import path from 'node:path';
import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import type { KubernetesContractTarget } from '@internal/platform-contracts';
import { PACKAGE_ROOT } from './obtained';

/** The custom resources the portal's app-config asks the Kubernetes backend for. */
export const PORTAL_CUSTOM_RESOURCES = [
  { group: 'networking.istio.io', apiVersion: 'v1', plural: 'virtualservices' },
  {
    group: 'networking.istio.io',
    apiVersion: 'v1',
    plural: 'destinationrules',
  },
  {
    group: 'configuration.konghq.com',
    apiVersion: 'v1',
    plural: 'kongplugins',
  },
];

/** A catalog Component whose Kubernetes objects carry `backstage.io/kubernetes-id: <id>`. */
export function componentFor(
  id: string,
  annotations: Record<string, string> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: id,
      namespace: 'default',
      annotations: { 'backstage.io/kubernetes-id': id, ...annotations },
    },
    spec: {
      type: 'service',
      owner: 'group:default/team-orders',
      lifecycle: 'production',
    },
  };
}

/**
 * Starts kubernetesBackendMain.ts in a child process on a free 127.0.0.1 port; answers its URL
 * and a `stop` that ends it by PID.
 */
async function startKubernetesBackendProcess(
  config: unknown,
  entities: Entity[],
): Promise<{ url: string; stop(): Promise<void> }> {
  const child = spawn(
    process.execPath,
    [
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      path.join(PACKAGE_ROOT, 'src/kubernetes/kubernetesBackendMain.ts'),
      JSON.stringify({ config, entities }),
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_ENV: 'test' },
    },
  );
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.removeListener('exit', killOnExit));
  let stderr = '';
  child.stderr!.on('data', chunk => {
    stderr += chunk;
  });
  const stop = () =>
    new Promise<void>(resolve => {
      if (child.exitCode !== null || child.signalCode !== null) {
        resolve();
        return;
      }
      child.once('exit', () => resolve());
      process.kill(child.pid!, 'SIGTERM');
    });
  const port = await new Promise<number>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => {
      reject(
        new Error(
          `the Kubernetes backend did not start within 60 s: ${stderr.slice(
            -2000,
          )}`,
        ),
      );
    }, 60_000);
    child.stdout!.on('data', chunk => {
      stdout += chunk;
      const match = /LISTENING (\d+)/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.once('exit', code => {
      clearTimeout(timer);
      reject(
        new Error(
          `the Kubernetes backend exited (${code}): ${stderr.slice(-2000)}`,
        ),
      );
    });
  }).catch(async error => {
    await stop();
    throw error;
  });
  return { url: `http://127.0.0.1:${port}`, stop };
}

/**
 * What the Kubernetes content of an entity page shows: the answer of
 * `POST /api/kubernetes/services/<name>` of the real `@backstage/plugin-kubernetes-backend`,
 * configured as app-config.yaml configures it (config cluster locator, service-account token,
 * the portal's custom resources) but pointing at the target.
 */
export async function fetchEntityKubernetesObjects(
  target: KubernetesContractTarget,
  entity: Entity,
): Promise<any> {
  const backend = await startKubernetesBackendProcess(
    {
      kubernetes: {
        serviceLocatorMethod: { type: 'multiTenant' },
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: [
              {
                name: target.name,
                url: target.url,
                authProvider: 'serviceAccount',
                serviceAccountToken: target.token,
                skipTLSVerify: true,
                skipMetricsLookup: true,
              },
            ],
          },
        ],
        customResources: PORTAL_CUSTOM_RESOURCES,
      },
    },
    [entity],
  );
  try {
    const res = await fetch(
      `${backend.url}/api/kubernetes/services/${entity.metadata.name}`,
      {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Authorization: mockCredentials.user.header(),
        },
        body: JSON.stringify({ entity }),
      },
    );
    const body = await res.json();
    if (res.status !== 200) {
      throw new Error(
        `the Kubernetes backend answered ${res.status}: ${JSON.stringify(
          body,
        )}`,
      );
    }
    return body;
  } finally {
    await backend.stop();
  }
}

/** Names per resource type of one cluster's answer: `{ pods: [...], services: [...], … }`. */
export function namesByType(clusterItem: any): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const group of clusterItem.resources as Array<{
    type: string;
    resources: any[];
  }>) {
    const names = group.resources.map(r =>
      group.type === 'customresources'
        ? `${r.kind}/${r.metadata.name}`
        : r.metadata.name,
    );
    // Custom resources come as one group per kind, all of type `customresources`.
    if (names.length > 0)
      result[group.type] = [...(result[group.type] ?? []), ...names].sort();
  }
  return result;
}
