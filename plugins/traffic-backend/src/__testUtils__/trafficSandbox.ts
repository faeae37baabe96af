import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { JsonObject } from '@backstage/types';
import { NAMESPACE_OWNER_ANNOTATION } from '@internal/plugin-ops-common';
import { Sandbox } from '@internal/sandbox';
import { startTestSandbox } from '@internal/sandbox/testing';
import {
  readTrafficConfig,
  TrafficSettings,
} from '../config/readTrafficConfig';

/** The traffic backend's read-only Kubernetes token (tests check it never leaks). */
export const KUBE_READER_TOKEN = 'traffic-test-kube-token';
/** The traffic backend's Argo CD writer token (sync requests; tests check it never leaks). */
export const ARGO_WRITER_TOKEN = 'traffic-test-argo-token';

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
 * The sandbox's testing entry with the nginx-ab Application moved onto the git server's bound
 * URL, as a deployment whose Argo CD syncs from the portal's GitOps repository (the driver
 * Application keeps the seed's URL: a repository the portal does not write to), the demo
 * namespaces owned by team-mesh, and the traffic backend's config over the entry's portal config.
 */
export async function startTrafficSandbox(
  traffic: JsonObject = {},
): Promise<TrafficSandbox> {
  const env = await startTestSandbox({
    kubernetes: { readerToken: KUBE_READER_TOKEN },
    argocd: { writerToken: ARGO_WRITER_TOKEN },
    applicationsOnGitServer: ['nginx-ab'],
  });
  const { sandbox } = env;
  const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'traffic-backend-'));
  const repoPath = sandbox.git.repoPath;
  const show = (file: string, ref = 'main') =>
    git(['show', `${ref}:${file}`], repoPath);

  const kube = (method: string, url: string, body?: object) =>
    fetch(`${sandbox.urls.kubernetes}${url}`, {
      method,
      headers: {
        Authorization: `Bearer ${env.credentials.kubernetes.writerToken}`,
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

  try {
    // What the new-service template has Argo CD write on the namespaces of its services.
    for (const namespace of ['nginx-ab', 'driver']) {
      await setNamespaceOwner(namespace, DEMO_OWNER);
    }
  } catch (error) {
    await env.stop();
    await fs.rm(scratch, { recursive: true, force: true });
    throw error;
  }

  const { portalConfig } = env;
  const config: JsonObject = {
    ...portalConfig,
    opsPortal: {
      ...portalConfig.opsPortal,
      traffic: {
        ...portalConfig.opsPortal.traffic,
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
    backgroundErrors: env.backgroundErrors,
    commitAsOther: (files, message) => env.commitToGitops(files, message),
    setNamespaceOwner,
    namespaceAnnotations,
    show,
    log: async (ref = 'main') =>
      (await git(['log', '--format=%H %s', ref], repoPath)).split('\n'),
    async stop() {
      await env.stop();
      await fs.rm(scratch, { recursive: true, force: true });
    },
  };
}
