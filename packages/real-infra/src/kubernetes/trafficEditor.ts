import http from 'node:http';
import https from 'node:https';
import { AddressInfo } from 'node:net';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
// The suite starts the traffic backend plugin itself, as the portal's backend does.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import trafficPlugin from '@internal/plugin-traffic-backend';
import {
  KubernetesContractTarget,
  kubernetesContractHttp as kubeHttp,
} from '@internal/platform-contracts';
import { componentFor } from './backstageKubernetes';

/** Nothing listens here: the traffic editor must not reach Argo CD or git in direct mode. */
const CLOSED = 'http://127.0.0.1:1';

async function must(
  target: KubernetesContractTarget,
  method: string,
  path: string,
  body: unknown,
) {
  const res = await kubeHttp(target, method, path, { body });
  if (res.status >= 300) {
    throw new Error(
      `${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`,
    );
  }
  return res.body;
}

/**
 * Seeds a service the traffic editor manages in direct mode (no Argo CD tracking): Service,
 * one Ready Pod per subset v1/v2, a DestinationRule with the subsets and a VirtualService
 * routing 100/0 to them.
 */
export async function seedTrafficService(
  target: KubernetesContractTarget,
  namespace: string,
  name: string,
): Promise<void> {
  await kubeHttp(target, 'POST', '/api/v1/namespaces', {
    body: {
      apiVersion: 'v1',
      kind: 'Namespace',
      // Marked with the component's owner, as the new-service template marks it: the traffic
      // editor acts only in a namespace of the entity's owner (`ops-portal/owner`).
      metadata: {
        name: namespace,
        annotations: { 'ops-portal/owner': 'group:default/team-orders' },
      },
    },
  });
  await must(target, 'POST', `/api/v1/namespaces/${namespace}/services`, {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace },
    spec: { selector: { app: name }, ports: [{ port: 80, targetPort: 8080 }] },
  });
  for (const version of ['v1', 'v2']) {
    const pod = await must(
      target,
      'POST',
      `/api/v1/namespaces/${namespace}/pods`,
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name: `${name}-${version}-a`,
          namespace,
          labels: { app: name, version },
        },
        spec: {
          containers: [
            { name, image: `registry.ops.local/${name}:${version}` },
          ],
        },
      },
    );
    await must(
      target,
      'PUT',
      `/api/v1/namespaces/${namespace}/pods/${pod.metadata.name}/status`,
      {
        ...pod,
        status: {
          phase: 'Running',
          conditions: [{ type: 'Ready', status: 'True' }],
        },
      },
    );
  }
  const istio = `/apis/networking.istio.io/v1/namespaces/${namespace}`;
  await must(target, 'POST', `${istio}/destinationrules`, {
    apiVersion: 'networking.istio.io/v1',
    kind: 'DestinationRule',
    metadata: { name, namespace },
    spec: {
      host: `${name}.${namespace}.svc.cluster.local`,
      subsets: ['v1', 'v2'].map(v => ({ name: v, labels: { version: v } })),
    },
  });
  await must(target, 'POST', `${istio}/virtualservices`, {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name, namespace },
    spec: {
      hosts: [name],
      http: [
        {
          route: [
            { destination: { host: name, subset: 'v1' }, weight: 100 },
            { destination: { host: name, subset: 'v2' }, weight: 0 },
          ],
        },
      ],
    },
  });
}

/**
 * A loopback HTTP proxy in front of the API server that, once armed, runs a write of its own
 * right before forwarding the next PUT of a VirtualService: another writer winning the race
 * between the editor's read and its write, so the API server itself answers the editor's
 * write with 409.
 */
export class RacingProxy {
  private race?: () => Promise<void>;
  readonly forwarded: Array<{ method: string; path: string; status: number }> =
    [];

  private constructor(
    readonly url: string,
    private readonly server: http.Server,
  ) {}

  static async start(upstream: string): Promise<RacingProxy> {
    let proxy: RacingProxy | undefined = undefined;
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', chunk => chunks.push(chunk));
      req.on('end', async () => {
        const race = proxy!.race;
        if (
          race &&
          req.method === 'PUT' &&
          /\/virtualservices\//.test(req.url ?? '')
        ) {
          proxy!.race = undefined;
          await race();
        }
        const target = new URL(req.url ?? '/', upstream);
        const client = target.protocol === 'https:' ? https : http;
        const forward = client.request(
          target,
          {
            method: req.method,
            headers: { ...req.headers, host: target.host },
            rejectUnauthorized: false,
          },
          upstreamRes => {
            proxy!.forwarded.push({
              method: req.method ?? '',
              path: req.url ?? '',
              status: upstreamRes.statusCode ?? 0,
            });
            res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
            upstreamRes.pipe(res);
          },
        );
        forward.on('error', error => {
          res.writeHead(502);
          res.end(String(error));
        });
        forward.end(Buffer.concat(chunks));
      });
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    proxy = new RacingProxy(`http://127.0.0.1:${port}`, server);
    return proxy;
  }

  /** Runs `write` before forwarding the next VirtualService PUT. */
  armRace(write: () => Promise<void>) {
    this.race = write;
  }

  stop(): Promise<void> {
    return new Promise(resolve => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}

/** The traffic backend plugin (`/api/traffic`) against a cluster URL, with every permission allowed. */
export async function startTrafficEditor(options: {
  clusterUrl: string;
  token: string;
  entityName: string;
  namespace: string;
}) {
  const entity = componentFor(options.entityName, {
    'backstage.io/kubernetes-namespace': options.namespace,
  });
  const backend = await startTestBackend({
    features: [
      trafficPlugin,
      catalogServiceMock.factory({ entities: [entity] }),
      mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
      mockServices.rootConfig.factory({
        data: {
          kubernetes: {
            clusterLocatorMethods: [
              {
                type: 'config',
                clusters: [
                  {
                    name: 'real',
                    url: options.clusterUrl,
                    serviceAccountToken: options.token,
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
                instances: [{ name: 'unused', url: CLOSED, token: 't' }],
              },
            ],
          },
          opsPortal: {
            gitops: {
              repoUrl: `${CLOSED}/gitops.git`,
              fileUrlTemplate: `${CLOSED}/gitops/raw/{branch}/{path}`,
            },
            traffic: {
              cluster: 'real',
              argocdInstance: 'unused',
              timeoutMs: 10_000,
            },
          },
        },
      }),
    ],
  });
  const { port } = backend.server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}/api/traffic`;
  const headers = {
    'Content-Type': 'application/json',
    Authorization: mockCredentials.user.header('user:default/guest'),
  };
  const entityRef = `component:default/${options.entityName}`;
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  };
  return {
    entityRef,
    state: () =>
      call('GET', `/state?entityRef=${encodeURIComponent(entityRef)}`),
    preview: (body: unknown) => call('POST', '/preview', body),
    save: (body: unknown) => call('PUT', '/policy', body),
    stop: () => backend.stop(),
  };
}
