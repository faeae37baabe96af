import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { backendUrl, guestToken } from './stack';

/**
 * Read-only views of the local platform as a person would check it: the GitOps repository through
 * the git CLI, Argo CD, Keycloak's Admin API and the Kubernetes API with their dev credentials,
 * and the catalog through the backend.
 */

export const GITOPS_REPO_URL = 'http://127.0.0.1:7173/gitops.git';
const ARGOCD_URL = 'http://127.0.0.1:7172';
const KEYCLOAK_URL = 'http://127.0.0.1:7174';
const KUBERNETES_URL = 'http://127.0.0.1:7171';
const SANDBOX_TOKEN = 'sandbox-dev-token';
/** The read-only Argo CD token of app-config.yaml (argocd.appLocatorMethods). */
const ARGOCD_READER_TOKEN = 'sandbox-reader-token';

const execFileAsync = promisify(execFile);

async function git(args: string[], cwd?: string): Promise<string> {
  const { stdout } = await execFileAsync('git', args, {
    cwd,
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0' },
  });
  return stdout.trim();
}

/** The commit `main` points at on the git server. */
export async function remoteMainCommit(): Promise<string> {
  const line = await git(['ls-remote', GITOPS_REPO_URL, 'refs/heads/main']);
  return line.split(/\s+/)[0];
}

/** A fresh clone of the GitOps repository in a temporary folder. */
export class GitOpsClone {
  private constructor(readonly dir: string) {}

  static async create(): Promise<GitOpsClone> {
    const dir = mkdtempSync(join(tmpdir(), 'ops-e2e-gitops-'));
    await git(['clone', '--quiet', GITOPS_REPO_URL, dir]);
    return new GitOpsClone(dir);
  }

  /** Commits after `since` (exclusive) up to HEAD that touch any of `paths`, newest first. */
  async commitsTouching(since: string, paths: string[]): Promise<string[]> {
    const out = await git(
      ['log', '--format=%H', `${since}..HEAD`, '--', ...paths],
      this.dir,
    );
    return out ? out.split('\n') : [];
  }

  /** The paths a commit changed, sorted. */
  async filesOf(commit: string): Promise<string[]> {
    const out = await git(
      ['show', '--name-only', '--format=', commit],
      this.dir,
    );
    return out.split('\n').filter(Boolean).sort();
  }

  async subjectOf(commit: string): Promise<string> {
    return git(['log', '-1', '--format=%s', commit], this.dir);
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The files the template commits for one service: its manifests, its entity, its Application. */
export function serviceFiles(name: string): string[] {
  const manifests = [
    'catalog-info.yaml',
    'deployment.yaml',
    'hpa.yaml',
    'ingress.yaml',
    'istio.yaml',
    'kong-plugins.yaml',
    'service.yaml',
  ];
  return [
    `apps/${name}.yaml`,
    ...manifests.map(file => `services/${name}/${file}`),
  ].sort();
}

/**
 * The commits after `since` that touch a service's folder or its Application, newest first, each
 * with its subject and the files it changed (read from a fresh clone).
 */
export async function serviceCommits(
  name: string,
  since: string,
): Promise<Array<{ subject: string; files: string[] }>> {
  const clone = await GitOpsClone.create();
  try {
    const commits = await clone.commitsTouching(since, [
      `services/${name}/`,
      `apps/${name}.yaml`,
    ]);
    return await Promise.all(
      commits.map(async commit => ({
        subject: await clone.subjectOf(commit),
        files: await clone.filesOf(commit),
      })),
    );
  } finally {
    clone.remove();
  }
}

async function json<T>(url: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(url, init);
  if (!res.ok) {
    throw new Error(`${init.method ?? 'GET'} ${url}: HTTP ${res.status}`);
  }
  return (await res.json()) as T;
}

/** Sync and health of an Argo CD Application, as the Argo CD API reports them. */
export async function argoCdAppStatus(
  name: string,
): Promise<{ sync?: string; health?: string }> {
  const app = await json<{
    status?: { sync?: { status?: string }; health?: { status?: string } };
  }>(`${ARGOCD_URL}/api/v1/applications/${encodeURIComponent(name)}`, {
    headers: { authorization: `Bearer ${SANDBOX_TOKEN}` },
  });
  return { sync: app.status?.sync?.status, health: app.status?.health?.status };
}

/** The parts of an Argo CD Application the tests read. */
export interface ArgoCdApplication {
  metadata: { name: string; annotations?: Record<string, string> };
  spec: { syncPolicy?: { automated?: unknown } };
  status?: {
    sync?: { status?: string; revision?: string };
    health?: { status?: string };
    operationState?: {
      phase?: string;
      message?: string;
      startedAt?: string;
      finishedAt?: string;
      operation?: { initiatedBy?: { username?: string } };
    };
    history?: Array<{ id: number; revision: string; deployedAt?: string }>;
  };
}

/** An Argo CD Application as the Argo CD API answers it, read with the dev read-only token. */
export async function argoCdApplication(
  name: string,
): Promise<ArgoCdApplication> {
  return json<ArgoCdApplication>(
    `${ARGOCD_URL}/api/v1/applications/${encodeURIComponent(name)}`,
    { headers: { authorization: `Bearer ${ARGOCD_READER_TOKEN}` } },
  );
}

async function keycloakAdminToken(): Promise<string> {
  const body = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: 'ops-portal-admin',
    client_secret: 'sandbox-dev-secret',
  });
  const { access_token } = await json<{ access_token: string }>(
    `${KEYCLOAK_URL}/realms/master/protocol/openid-connect/token`,
    { method: 'POST', body },
  );
  return access_token;
}

/** Every client of `realm` whose clientId is exactly `clientId` (from the full client list). */
export async function keycloakClients(
  realm: string,
  clientId: string,
): Promise<Array<{ id: string; clientId: string }>> {
  const token = await keycloakAdminToken();
  const all = await json<Array<{ id: string; clientId: string }>>(
    `${KEYCLOAK_URL}/admin/realms/${realm}/clients?max=1000`,
    { headers: { authorization: `Bearer ${token}` } },
  );
  return all.filter(c => c.clientId === clientId);
}

/** The current secret of a client, read through `/clients/<id>/client-secret`. */
export async function keycloakClientSecret(
  realm: string,
  id: string,
): Promise<string> {
  const token = await keycloakAdminToken();
  const { value } = await json<{ value?: string }>(
    `${KEYCLOAK_URL}/admin/realms/${realm}/clients/${id}/client-secret`,
    { headers: { authorization: `Bearer ${token}` } },
  );
  if (!value) throw new Error(`client ${id} in realm ${realm} has no secret`);
  return value;
}

/** One key of a Kubernetes Secret, decoded. */
export async function kubernetesSecretValue(
  namespace: string,
  name: string,
  key: string,
): Promise<string | undefined> {
  const secret = await json<{ data?: Record<string, string> }>(
    `${KUBERNETES_URL}/api/v1/namespaces/${namespace}/secrets/${name}`,
    { headers: { authorization: `Bearer ${SANDBOX_TOKEN}` } },
  );
  const encoded = secret.data?.[key];
  return encoded === undefined
    ? undefined
    : Buffer.from(encoded, 'base64').toString('utf8');
}

async function catalogApi<T>(path: string): Promise<T> {
  const token = await guestToken();
  return json<T>(`${backendUrl}/api/catalog${path}`, {
    headers: { authorization: `Bearer ${token}` },
  });
}

/** The catalog's Components named `name` (any namespace). */
export async function catalogComponents(name: string): Promise<unknown[]> {
  const filter = encodeURIComponent(`kind=component,metadata.name=${name}`);
  const { items } = await catalogApi<{ items: unknown[] }>(
    `/entities/by-query?filter=${filter}`,
  );
  return items;
}

/** The catalog's registered locations whose target contains `fragment`. */
export async function catalogLocations(fragment: string): Promise<string[]> {
  const locations = await catalogApi<Array<{ data: { target: string } }>>(
    '/locations',
  );
  return locations.map(l => l.data.target).filter(t => t.includes(fragment));
}

/** A file of the GitOps repository at the head of `main`, through the git server's raw endpoint. */
export async function gitOpsFileAtMain(path: string): Promise<string> {
  const res = await fetch(`http://127.0.0.1:7173/gitops/raw/main/${path}`);
  if (!res.ok) throw new Error(`raw ${path}: HTTP ${res.status}`);
  return res.text();
}

/** The weights of the first HTTP route of a live VirtualService, by subset. */
export async function virtualServiceWeights(
  namespace: string,
  name: string,
): Promise<Record<string, number>> {
  const vs = await json<{
    spec: {
      http: Array<{
        route: Array<{ destination: { subset: string }; weight?: number }>;
      }>;
    };
  }>(
    `${KUBERNETES_URL}/apis/networking.istio.io/v1/namespaces/${namespace}/virtualservices/${name}`,
    { headers: { authorization: `Bearer ${SANDBOX_TOKEN}` } },
  );
  return Object.fromEntries(
    vs.spec.http[0].route.map(r => [r.destination.subset, r.weight ?? 0]),
  );
}
