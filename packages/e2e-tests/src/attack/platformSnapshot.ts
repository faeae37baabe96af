import { createHash } from 'node:crypto';
import { remoteMainCommit } from '../harness/platform';
import { backendUrl } from '../harness/stack';

/**
 * What an attempt must leave unchanged, read straight from the local platform with its dev
 * credentials (not through the portal): the GitOps head, the cluster objects that matter, Argo CD
 * Applications with their operation and history, Keycloak clients, and the catalog.
 */
export interface PlatformSnapshot {
  gitopsHead: string;
  cluster: Record<string, string[]>;
  argocd: string[];
  keycloak: Record<string, string[]>;
  catalogLocations: string[];
  catalogEntities: string[];
}

const KUBERNETES_URL = 'http://127.0.0.1:7171';
const ARGOCD_URL = 'http://127.0.0.1:7172';
const KEYCLOAK_URL = 'http://127.0.0.1:7174';
const SANDBOX_TOKEN = 'sandbox-dev-token';

/** Cluster-wide lists; each object is kept as `<namespace>/<name> <hash of what it asks for>`. */
const CLUSTER_LISTS: Record<string, string> = {
  namespaces: '/api/v1/namespaces',
  deployments: '/apis/apps/v1/deployments',
  secrets: '/api/v1/secrets',
  virtualservices: '/apis/networking.istio.io/v1/virtualservices',
  destinationrules: '/apis/networking.istio.io/v1/destinationrules',
};

function hash(value: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(value ?? null))
    .digest('hex')
    .slice(0, 16);
}

async function getJson<T>(url: string, token: string): Promise<T> {
  const res = await fetch(url, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

interface KubeObject {
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec?: unknown;
  data?: unknown;
}

async function clusterObjects(): Promise<Record<string, string[]>> {
  const result: Record<string, string[]> = {};
  for (const [kind, path] of Object.entries(CLUSTER_LISTS)) {
    const { items } = await getJson<{ items: KubeObject[] }>(
      `${KUBERNETES_URL}${path}`,
      SANDBOX_TOKEN,
    );
    // Status is left out: controllers update it while nothing is asked of them.
    result[kind] = items
      .map(
        o =>
          `${o.metadata.namespace ?? ''}/${o.metadata.name} ${hash({
            labels: o.metadata.labels,
            annotations: o.metadata.annotations,
            spec: o.spec,
            data: o.data,
          })}`,
      )
      .sort();
  }
  return result;
}

interface ArgoApplication {
  metadata: { name: string; namespace?: string };
  spec?: unknown;
  status?: {
    operationState?: {
      phase?: string;
      startedAt?: string;
      finishedAt?: string;
      operation?: unknown;
    };
    history?: Array<{ id?: number; revision?: string; deployedAt?: string }>;
  };
}

async function argoApplications(): Promise<string[]> {
  const { items } = await getJson<{ items: ArgoApplication[] | null }>(
    `${ARGOCD_URL}/api/v1/applications`,
    SANDBOX_TOKEN,
  );
  return (items ?? [])
    .map(app => {
      const op = app.status?.operationState;
      return `${app.metadata.name} spec=${hash(app.spec)} operation=${hash({
        phase: op?.phase,
        startedAt: op?.startedAt,
        operation: op?.operation,
      })} history=${(app.status?.history ?? [])
        .map(h => `${h.id}:${h.revision}`)
        .join(',')}`;
    })
    .sort();
}

async function keycloakAdminToken(): Promise<string> {
  const res = await fetch(
    `${KEYCLOAK_URL}/realms/master/protocol/openid-connect/token`,
    {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: 'ops-portal-admin',
        client_secret: 'sandbox-dev-secret',
      }),
    },
  );
  if (!res.ok) throw new Error(`Keycloak admin token: HTTP ${res.status}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

async function keycloakClients(): Promise<Record<string, string[]>> {
  const token = await keycloakAdminToken();
  const result: Record<string, string[]> = {};
  for (const realm of ['platform', 'driver']) {
    const clients = await getJson<Array<{ id: string; clientId: string }>>(
      `${KEYCLOAK_URL}/admin/realms/${realm}/clients?max=1000`,
      token,
    );
    result[realm] = clients.map(c => `${c.clientId} ${c.id} ${hash(c)}`).sort();
  }
  return result;
}

async function catalog(
  token: string,
): Promise<Pick<PlatformSnapshot, 'catalogLocations' | 'catalogEntities'>> {
  const locations = await getJson<
    Array<{ data: { id: string; type: string; target: string } }>
  >(`${backendUrl}/api/catalog/locations`, token);
  const entities = await getJson<
    Array<{
      kind: string;
      metadata: { namespace?: string; name: string; uid?: string };
      spec?: unknown;
    }>
  >(`${backendUrl}/api/catalog/entities`, token);
  return {
    catalogLocations: locations
      .map(l => `${l.data.id} ${l.data.type}:${l.data.target}`)
      .sort(),
    catalogEntities: entities
      .map(
        e =>
          `${e.kind}:${e.metadata.namespace ?? 'default'}/${e.metadata.name} ${
            e.metadata.uid
          } ${hash(e.spec)}`,
      )
      .sort(),
  };
}

/** Reads everything; the catalog as `catalogToken`'s user (an admin sees every entity). */
export async function takeSnapshot(
  catalogToken: string,
): Promise<PlatformSnapshot> {
  const [gitopsHead, cluster, argocd, keycloak, catalogState] =
    await Promise.all([
      remoteMainCommit(),
      clusterObjects(),
      argoApplications(),
      keycloakClients(),
      catalog(catalogToken),
    ]);
  return { gitopsHead, cluster, argocd, keycloak, ...catalogState };
}
