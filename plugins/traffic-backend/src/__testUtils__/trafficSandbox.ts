import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { JsonObject } from '@backstage/types';
import { NAMESPACE_OWNER_ANNOTATION } from '@internal/plugin-ops-common';
import { Sandbox, SandboxConfig, TRAFFIC_DEFAULTS } from '@internal/sandbox';
import {
  readTrafficConfig,
  TrafficSettings,
} from '../config/readTrafficConfig';

const KUBE_TOKEN = 'traffic-test-kube-token';
const ARGO_TOKEN = 'traffic-test-argo-token';
/** The repoURL the sandbox's seed Applications carry. */
const SEED_REPO_URL = 'http://127.0.0.1:7173/gitops.git';

const GIT_ENV = {
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  HOME: os.tmpdir(),
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_AUTHOR_NAME: 'Other Developer',
  GIT_AUTHOR_EMAIL: 'other@example.com',
  GIT_COMMITTER_NAME: 'Other Developer',
  GIT_COMMITTER_EMAIL: 'other@example.com',
};

/** Runs git with an isolated configuration; resolves with trimmed stdout. */
export function git(args: string[], cwd?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd, env: GIT_ENV }, (error, stdout, stderr) =>
      error
        ? reject(new Error(`git ${args.join(' ')}: ${stderr}`))
        : resolve(stdout.trim()),
    );
  });
}

/** The owner of the demo entities, as their namespaces' `ops-portal/owner` names it. */
export const DEMO_OWNER = 'group:default/team-mesh';

/** A catalog Component with annotations, owned by `team-mesh` unless told otherwise. */
export function component(
  name: string,
  annotations: Record<string, string>,
  owner = 'team-mesh',
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', owner, lifecycle: 'production' },
  };
}

/** The entities of the sandbox's demo services as the catalog holds them. */
export const sandboxEntities = [
  component('nginx-ab', {
    'backstage.io/kubernetes-id': 'nginx-ab',
    'backstage.io/kubernetes-namespace': 'nginx-ab',
    'argocd/app-name': 'nginx-ab',
  }),
  component('driver', {
    'backstage.io/kubernetes-id': 'driver',
    'backstage.io/kubernetes-namespace': 'driver',
  }),
  component('echo', {
    'backstage.io/kubernetes-id': 'echo',
    'backstage.io/kubernetes-namespace': 'echo',
  }),
  component('docs', {}),
];

/** A running sandbox with the traffic backend's config pointing at it. */
export interface TrafficSandbox {
  sandbox: Sandbox;
  /** The config the traffic backend reads (kubernetes, argocd, opsPortal.gitops/traffic). */
  config: JsonObject;
  settings: TrafficSettings;
  /** Bare repository of the GitOps repository on disk. */
  repoPath: string;
  /** A scratch directory removed by `stop`. */
  scratch: string;
  /** Errors of the sandbox's background work (Argo CD reconciles). */
  backgroundErrors: Error[];
  /** Commits files straight to `main` of the GitOps repository (another writer). */
  commitAsOther(
    files: Record<string, string>,
    message: string,
  ): Promise<string>;
  /**
   * Sets (or, with undefined, removes) the `ops-portal/owner` annotation of a Namespace,
   * creating the Namespace when it does not exist.
   */
  setNamespaceOwner(
    namespace: string,
    owner: string | undefined,
  ): Promise<void>;
  /** Reads a Namespace's annotations; undefined when it does not exist. */
  namespaceAnnotations(
    namespace: string,
  ): Promise<Record<string, string> | undefined>;
  /** Reads a file at the head of `main`. */
  show(file: string, ref?: string): Promise<string>;
  /** Lists the commits of `main`, newest first (`%H %s`). */
  log(ref?: string): Promise<string[]>;
  stop(): Promise<void>;
}

/**
 * Starts the sandbox in-process on free ports (Argo CD polls hourly so tests drive syncs) and
 * points the nginx-ab Application at the git server's real URL, as a deployment whose Argo CD
 * syncs from the portal's GitOps repository. The driver Application keeps the seed's URL, so it
 * syncs (the stand-in finds repositories by name) from a repository the portal does not write to.
 */
export async function startTrafficSandbox(
  traffic: JsonObject = {},
): Promise<TrafficSandbox> {
  const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'traffic-backend-'));
  const sandboxConfig: SandboxConfig = {
    kubernetes: { host: '127.0.0.1', port: 0, token: KUBE_TOKEN },
    argocd: { host: '127.0.0.1', port: 0, token: ARGO_TOKEN },
    git: { host: '127.0.0.1', port: 0, repository: 'gitops' },
    keycloak: {
      host: '127.0.0.1',
      port: 0,
      realms: ['platform', 'driver'],
      adminClientId: 'ops-portal-admin',
      adminClientSecret: 'kc-secret',
      adminUsername: 'admin',
      adminPassword: 'admin',
    },
    metrics: { host: '127.0.0.1', port: 0 },
    elasticsearch: { host: '127.0.0.1', port: 0 },
    traffic: { ...TRAFFIC_DEFAULTS, tickSeconds: 3600 },
    dataDir: path.join(scratch, 'sandbox'),
    argocdPollSeconds: 3600,
    customResources: [],
  };
  const backgroundErrors: Error[] = [];
  const sandbox = await Sandbox.start(sandboxConfig, {
    onError: error => backgroundErrors.push(error),
  });
  const repoPath = path.join(scratch, 'sandbox', 'git', 'gitops.git');
  const repoUrl = sandbox.urls.gitopsRepository;

  const commitAsOther = async (
    files: Record<string, string>,
    message: string,
  ) => {
    const work = await fs.mkdtemp(path.join(scratch, 'other-'));
    await git(['clone', '--quiet', repoUrl, work]);
    for (const [file, content] of Object.entries(files)) {
      await fs.mkdir(path.dirname(path.join(work, file)), { recursive: true });
      await fs.writeFile(path.join(work, file), content);
    }
    await git(['add', '.'], work);
    await git(['commit', '--quiet', '-m', message], work);
    await git(['push', '--quiet', 'origin', 'HEAD:main'], work);
    const sha = await git(['rev-parse', 'HEAD'], work);
    await fs.rm(work, { recursive: true, force: true });
    return sha;
  };
  const show = (file: string, ref = 'main') =>
    git(['show', `${ref}:${file}`], repoPath);

  const kube = (method: string, url: string, body?: object) =>
    fetch(`${sandbox.urls.kubernetes}${url}`, {
      method,
      headers: {
        Authorization: `Bearer ${KUBE_TOKEN}`,
        'Content-Type':
          method === 'PATCH'
            ? 'application/merge-patch+json'
            : 'application/json',
      },
      body: body ? JSON.stringify(body) : undefined,
    });
  const setNamespaceOwner = async (
    namespace: string,
    owner: string | undefined,
  ) => {
    const namespacePath = `/api/v1/namespaces/${encodeURIComponent(namespace)}`;
    const annotations = { [NAMESPACE_OWNER_ANNOTATION]: owner ?? null };
    let response = await kube('PATCH', namespacePath, {
      metadata: { annotations },
    });
    if (response.status === 404) {
      response = await kube('POST', '/api/v1/namespaces', {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: namespace, annotations },
      });
    }
    if (!response.ok) {
      throw new Error(
        `annotating namespace ${namespace}: ${
          response.status
        } ${await response.text()}`,
      );
    }
  };
  const namespaceAnnotations = async (namespace: string) => {
    const response = await kube(
      'GET',
      `/api/v1/namespaces/${encodeURIComponent(namespace)}`,
    );
    if (response.status === 404) return undefined;
    const body = await response.json();
    return (body.metadata?.annotations ?? {}) as Record<string, string>;
  };

  const app = await show('apps/nginx-ab.yaml');
  await commitAsOther(
    { 'apps/nginx-ab.yaml': `${app.split(SEED_REPO_URL).join(repoUrl)}\n` },
    'nginx-ab syncs from the GitOps repository at its real address',
  );
  await sandbox.argocd.pollOnce();
  // What the new-service template has Argo CD write on the namespaces of its services.
  for (const namespace of ['nginx-ab', 'driver']) {
    await setNamespaceOwner(namespace, DEMO_OWNER);
  }

  const config: JsonObject = {
    kubernetes: {
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: [
            {
              name: 'sandbox',
              url: sandbox.urls.kubernetes,
              serviceAccountToken: KUBE_TOKEN,
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
          instances: [
            { name: 'sandbox', url: sandbox.urls.argocd, token: ARGO_TOKEN },
          ],
        },
      ],
    },
    opsPortal: {
      gitops: {
        repoUrl,
        branch: 'main',
        fileUrlTemplate: `${sandbox.urls.git}/gitops/raw/{branch}/{path}`,
        author: { name: 'Ops Portal', email: 'ops-portal@example.com' },
      },
      traffic: {
        cluster: 'sandbox',
        argocdInstance: 'sandbox',
        timeoutMs: 5000,
        ...traffic,
      },
    },
  };
  return {
    sandbox,
    config,
    settings: readTrafficConfig(new ConfigReader(config)),
    repoPath,
    scratch,
    backgroundErrors,
    commitAsOther,
    setNamespaceOwner,
    namespaceAnnotations,
    show,
    log: async (ref = 'main') =>
      (await git(['log', '--format=%H %s', ref], repoPath)).split('\n'),
    async stop() {
      await sandbox.stop();
      await fs.rm(scratch, { recursive: true, force: true });
    },
  };
}
