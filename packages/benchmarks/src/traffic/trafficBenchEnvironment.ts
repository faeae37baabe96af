import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Entity } from '@backstage/catalog-model';
import { JsonObject } from '@backstage/types';
import { IstioObject } from '@internal/plugin-traffic-common';
import { Sandbox } from '@internal/sandbox';
import { startTestSandbox } from '@internal/sandbox/testing';
import { pushTime } from './figures';

export const ISTIO_API_VERSION = 'networking.istio.io/v1';

/** `git ls-remote` of one branch; resolves with the commit it points at. */
function lsRemote(repoUrl: string, branch: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      ['ls-remote', repoUrl, `refs/heads/${branch}`],
      {
        env: {
          PATH: process.env.PATH ?? '/usr/bin:/bin',
          GIT_CONFIG_NOSYSTEM: '1',
          GIT_CONFIG_GLOBAL: '/dev/null',
        },
      },
      (error, stdout, stderr) =>
        error
          ? reject(new Error(`git ls-remote ${branch}: ${stderr}`))
          : resolve(stdout.trim().split(/\s+/)[0]),
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

/** The local platform of the benchmark and the traffic backend's config pointing at it. */
export interface TrafficBenchEnvironment {
  sandbox: Sandbox;
  /** The sandbox's portal config with opsPortal.traffic as the benchmark runs it. */
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
 * Starts the sandbox's testing entry in this process (free 127.0.0.1 ports, Argo CD polling
 * hourly: the saves ask for the sync, as in production with `syncAfterCommit: true`) with the
 * nginx-ab Application on the git server's bound URL, adds `echo` (an Istio pair without Argo CD
 * tracking, for direct mode) and records when each push updated a ref.
 */
export async function startTrafficBenchEnvironment(): Promise<TrafficBenchEnvironment> {
  const env = await startTestSandbox({
    applicationsOnGitServer: ['nginx-ab'],
    onError: error =>
      process.stderr.write(`Argo CD stand-in: ${error.message}\n`),
  });
  try {
    const { sandbox, portalConfig, credentials } = env;
    createEcho(sandbox);
    const pushLog = path.join(env.dataDir, 'pushes.log');
    await recordPushes(sandbox.git.repoPath, pushLog);
    const config: JsonObject = {
      ...portalConfig,
      opsPortal: {
        ...portalConfig.opsPortal,
        traffic: {
          ...portalConfig.opsPortal.traffic,
          timeoutMs: 5000,
          syncAfterCommit: true,
        },
      },
    };
    return {
      sandbox,
      config,
      async getIstioObject(kind, namespace, name) {
        const plural = `${kind.toLowerCase()}s`;
        const response = await fetch(
          `${env.urls.kubernetes}/apis/${ISTIO_API_VERSION}/namespaces/${namespace}/${plural}/${name}`,
          {
            headers: {
              authorization: `Bearer ${credentials.kubernetes.readerToken}`,
            },
          },
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
      remoteHead: branch => lsRemote(env.urls.gitopsRepository, branch),
      async pushedAt(commit) {
        const log = await fs.readFile(pushLog, 'utf8').catch(() => '');
        return pushTime(log, commit);
      },
      stop: () => env.stop(),
    };
  } catch (error) {
    await env.stop();
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
    // The owner the traffic editor requires before it writes in a namespace directly
    // (ops-common's NAMESPACE_OWNER_ANNOTATION), as the new-service template sets it.
    metadata: {
      name: 'echo',
      annotations: { 'ops-portal/owner': 'group:default/team-mesh' },
    },
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
