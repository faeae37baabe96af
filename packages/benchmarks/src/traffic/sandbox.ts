import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Entity } from '@backstage/catalog-model';
import { JsonObject } from '@backstage/types';
import { IstioObject } from '@internal/plugin-traffic-common';
import { Sandbox, SandboxConfig, TRAFFIC_DEFAULTS } from '@internal/sandbox';
import { pushTime } from './figures';

const KUBE_TOKEN = 'traffic-bench-kube-token';
const ARGO_TOKEN = 'traffic-bench-argo-token';
/** The repoURL the sandbox's seed Applications carry (the dev git port). */
const SEED_REPO_URL = 'http://127.0.0.1:7173/gitops.git';
export const ISTIO_API_VERSION = 'networking.istio.io/v1';

const GIT_ENV = {
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  HOME: os.tmpdir(),
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_AUTHOR_NAME: 'Benchmark Set-up',
  GIT_AUTHOR_EMAIL: 'bench@example.com',
  GIT_COMMITTER_NAME: 'Benchmark Set-up',
  GIT_COMMITTER_EMAIL: 'bench@example.com',
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

function component(name: string, annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', owner: 'team-mesh', lifecycle: 'production' },
  };
}

/** The Git-managed entity: nginx-ab, synced by the Argo CD Application of the same name. */
export const GIT_ENTITY = 'component:default/nginx-ab';
/** The entity edited straight in the cluster: echo, no Argo CD tracking, no `argocd/app-name`. */
export const DIRECT_ENTITY = 'component:default/echo';

/** The catalog the benchmark's backend holds. */
export const benchEntities: Entity[] = [
  component('nginx-ab', {
    'backstage.io/kubernetes-id': 'nginx-ab',
    'backstage.io/kubernetes-namespace': 'nginx-ab',
    'argocd/app-name': 'nginx-ab',
  }),
  component('echo', {
    'backstage.io/kubernetes-id': 'echo',
    'backstage.io/kubernetes-namespace': 'echo',
  }),
];

/** The sandbox of the benchmark and the traffic backend's config pointing at it. */
export interface TrafficBenchSandbox {
  sandbox: Sandbox;
  /** kubernetes, argocd and opsPortal.gitops/traffic for the traffic plugin. */
  config: JsonObject;
  /** Reads one Istio object through the sandbox's Kubernetes API (as a cluster client would). */
  getIstioObject(
    kind: 'VirtualService' | 'DestinationRule',
    namespace: string,
    name: string,
  ): Promise<IstioObject & { metadata: { resourceVersion: string } }>;
  /** `git ls-remote` of a branch of the GitOps repository (over HTTP, like the portal). */
  remoteHead(branch: string): Promise<string>;
  /**
   * When the git server updated a ref to `commit` (epoch ms, from its `post-receive` hook);
   * undefined when no push of that commit was recorded.
   */
  pushedAt(commit: string): Promise<number | undefined>;
  stop(): Promise<void>;
}

/**
 * Starts the sandbox in this process on free 127.0.0.1 ports, Argo CD polling hourly (the saves
 * ask for the sync, as in production with `syncAfterCommit: true`); points the nginx-ab
 * Application at the git server's actual URL (the seed names the dev port) and adds `echo`, an
 * Istio pair without Argo CD tracking, for direct mode.
 */
export async function startTrafficBenchSandbox(): Promise<TrafficBenchSandbox> {
  const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'traffic-bench-'));
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
  let sandbox: Sandbox | undefined;
  try {
    sandbox = await Sandbox.start(sandboxConfig, {
      onError: error =>
        process.stderr.write(`Argo CD stand-in: ${error.message}\n`),
    });
    const repoUrl = sandbox.urls.gitopsRepository;

    const work = path.join(scratch, 'set-up');
    await git(['clone', '--quiet', repoUrl, work]);
    const appFile = path.join(work, 'apps', 'nginx-ab.yaml');
    const app = await fs.readFile(appFile, 'utf8');
    await fs.writeFile(appFile, app.split(SEED_REPO_URL).join(repoUrl));
    await git(
      [
        'commit',
        '--quiet',
        '-am',
        'nginx-ab syncs from the GitOps repository at its real address',
      ],
      work,
    );
    await git(['push', '--quiet', 'origin', 'HEAD:main'], work);
    await sandbox.argocd.pollOnce();
    createEcho(sandbox);
    const pushLog = path.join(scratch, 'pushes.log');
    await recordPushes(sandbox.git.repoPath, pushLog);

    const kubeUrl = sandbox.urls.kubernetes;
    const config: JsonObject = {
      kubernetes: {
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: [
              {
                name: 'sandbox',
                url: kubeUrl,
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
          publishMode: 'commit',
          fileUrlTemplate: `${sandbox.urls.git}/gitops/raw/{branch}/{path}`,
          author: { name: 'Ops Portal', email: 'ops-portal@example.com' },
        },
        traffic: {
          cluster: 'sandbox',
          argocdInstance: 'sandbox',
          timeoutMs: 5000,
          syncAfterCommit: true,
        },
      },
    };
    const started = sandbox;
    return {
      sandbox: started,
      config,
      async getIstioObject(kind, namespace, name) {
        const plural = `${kind.toLowerCase()}s`;
        const response = await fetch(
          `${kubeUrl}/apis/${ISTIO_API_VERSION}/namespaces/${namespace}/${plural}/${name}`,
          { headers: { authorization: `Bearer ${KUBE_TOKEN}` } },
        );
        if (!response.ok) {
          throw new Error(
            `GET ${kind} ${namespace}/${name}: ${
              response.status
            } ${await response.text()}`,
          );
        }
        return response.json();
      },
      async remoteHead(branch) {
        const line = await git(['ls-remote', repoUrl, `refs/heads/${branch}`]);
        return line.split(/\s+/)[0];
      },
      async pushedAt(commit) {
        const log = await fs.readFile(pushLog, 'utf8').catch(() => '');
        return pushTime(log, commit);
      },
      async stop() {
        await started.stop();
        await fs.rm(scratch, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await sandbox?.stop();
    await fs.rm(scratch, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Installs a `post-receive` hook in the bare repository that appends `<epoch ns> <new sha> <ref>`
 * to `logFile` for every ref a push updates (after the update, before git answers the client);
 * read by {@link pushTime}.
 */
async function recordPushes(repoPath: string, logFile: string) {
  const hook = path.join(repoPath, 'hooks', 'post-receive');
  await fs.mkdir(path.dirname(hook), { recursive: true });
  await fs.writeFile(
    hook,
    [
      '#!/bin/sh',
      '# Installed by the traffic benchmark: when each ref was updated.',
      'while read old new ref; do',
      `  echo "$(date +%s%N) $new $ref" >> '${logFile}'`,
      'done',
      '',
    ].join('\n'),
    { mode: 0o755 },
  );
  await fs.chmod(hook, 0o755);
}

function pod(name: string, version: string) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'echo', labels: { app: 'echo', version } },
    spec: { containers: [{ name: 'echo', image: 'echo:1' }] },
    status: {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: 'True' }],
    },
  };
}

/** echo: a Service, a ready Pod per subset and an Istio pair written by hand (no Argo CD tracking). */
function createEcho(sandbox: Sandbox) {
  const { store } = sandbox;
  store.create({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'echo' },
  });
  store.create({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'echo', namespace: 'echo' },
    spec: { selector: { app: 'echo' }, ports: [{ port: 80 }] },
  });
  store.create(pod('echo-v1-a', 'v1'));
  store.create(pod('echo-v2-a', 'v2'));
  store.create({
    apiVersion: ISTIO_API_VERSION,
    kind: 'DestinationRule',
    metadata: { name: 'echo', namespace: 'echo' },
    spec: {
      host: 'echo.echo.svc.cluster.local',
      subsets: ['v1', 'v2'].map(v => ({ name: v, labels: { version: v } })),
    },
  });
  store.create({
    apiVersion: ISTIO_API_VERSION,
    kind: 'VirtualService',
    metadata: { name: 'echo', namespace: 'echo' },
    spec: {
      hosts: ['echo'],
      http: [
        {
          route: [
            { destination: { host: 'echo', subset: 'v1' }, weight: 100 },
            { destination: { host: 'echo', subset: 'v2' }, weight: 0 },
          ],
        },
      ],
    },
  });
}
