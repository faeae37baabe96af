import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  KEYCLOAK_DEFAULTS,
  SandboxConfig,
  SandboxCustomResource,
} from '../config';
import { runGit } from '../git/runGit';
import { KeycloakSeed } from '../keycloak/seedKeycloak';
import { Sandbox, SandboxUrls } from '../Sandbox';
import { TRAFFIC_DEFAULTS, TrafficSettings } from '../traffic/TrafficSimulator';
import {
  TestSandboxCredentials,
  testPortalConfig,
  TestSandboxPortalConfig,
} from './testPortalConfig';

/** The address every seed Application's `repoURL` names (the dev git port of app-config.yaml). */
const SEED_REPO_URL = 'http://127.0.0.1:7173/gitops.git';
const REPOSITORY = 'gitops';

/** Options for {@link startTestSandbox}; every one has a default fit for a unit test. */
export interface TestSandboxOptions {
  /** Tokens of the Kubernetes API stand-in (default: random, reader and writer apart). */
  kubernetes?: { readerToken?: string; writerToken?: string };
  /** Tokens of the Argo CD stand-in (default: random, reader and writer apart). */
  argocd?: { readerToken?: string; writerToken?: string };
  /** The Keycloak stand-in's realms and admin credentials (default: app-config.yaml's). */
  keycloak?: Partial<KeycloakSeed>;
  /** The Elasticsearch stand-in: the key it requires (default none) and when its seeded logs end. */
  elasticsearch?: { apiKey?: string; seedTime?: Date };
  /** The traffic simulator (default: app-config.yaml's, ticking hourly so tests call `tick()`). */
  traffic?: Partial<TrafficSettings>;
  /**
   * How often the Argo CD stand-in polls the GitOps repository. Default hourly: tests drive syncs
   * with `sandbox.argocd.pollOnce()`, or `reconcile(name)`.
   */
  argocdPollSeconds?: number;
  /**
   * How long a sync or rollback requested through the Argo CD API stays `Running` before it
   * applies, in milliseconds (default 0). One Application can be slowed alone with the
   * `sandbox.ops-portal/operation-delay-ms` annotation.
   */
  argocdOperationDelayMs?: number;
  /** Custom resources the Kubernetes API serves besides the built-in ones. */
  customResources?: SandboxCustomResource[];
  /**
   * Seed Applications (by name) whose `repoURL` is moved from the dev address to the git server's
   * bound one, as a deployment whose Argo CD syncs from the portal's GitOps repository. The others
   * keep the seed's address: they sync (the stand-in finds repositories by name) from a repository
   * the portal does not know as its own.
   */
  applicationsOnGitServer?: string[];
  /** Receives errors of background work (Argo CD polls); default: kept in `backgroundErrors`. */
  onError?: (error: Error) => void;
}

/** A sandbox started for a test, and the portal config that points at it. */
export interface TestSandbox {
  /** The running sandbox: `store`, `argocd`, `git`, `keycloak`, `traffic`. */
  sandbox: Sandbox;
  /** Where each part listens (free 127.0.0.1 ports). */
  urls: SandboxUrls;
  /** The tokens and client credentials it accepts. */
  credentials: TestSandboxCredentials;
  /** app-config keys for the portal's plugins (kubernetes, argocd, opsPortal.*), bound URLs inside. */
  portalConfig: TestSandboxPortalConfig;
  /** The sandbox's state folder (bare repository under `git/`); removed by `stop`. */
  dataDir: string;
  /** Errors of background work, when no `onError` was given. */
  backgroundErrors: Error[];
  /** Commits files to `main` of the GitOps repository over HTTP (as another writer); the new SHA. */
  commitToGitops(
    files: Record<string, string>,
    message: string,
    author?: { name: string; email: string },
  ): Promise<string>;
  /** Stops every server and loop and removes `dataDir`. */
  stop(): Promise<void>;
}

const OTHER_WRITER = { name: 'Other Developer', email: 'other@example.com' };

function randomToken(prefix: string): string {
  return `${prefix}-${randomBytes(12).toString('hex')}`;
}

/**
 * Starts the whole local platform in this process on free 127.0.0.1 ports over a fresh state
 * folder: the Kubernetes API with its workload controller, the git server, Argo CD (first sync
 * done, so the demo workloads run), Keycloak, the traffic simulator and Elasticsearch. Returns
 * their URLs and the portal config that points at them; `stop` frees every port.
 */
export async function startTestSandbox(
  options: TestSandboxOptions = {},
): Promise<TestSandbox> {
  const keycloak: KeycloakSeed = {
    realms: [...KEYCLOAK_DEFAULTS.realms],
    adminClientId: KEYCLOAK_DEFAULTS.adminClientId,
    adminClientSecret: KEYCLOAK_DEFAULTS.adminClientSecret,
    adminUsername: KEYCLOAK_DEFAULTS.adminUsername,
    adminPassword: KEYCLOAK_DEFAULTS.adminPassword,
    ...options.keycloak,
  };
  const credentials: TestSandboxCredentials = {
    kubernetes: {
      readerToken:
        options.kubernetes?.readerToken ?? randomToken('kube-reader'),
      writerToken:
        options.kubernetes?.writerToken ?? randomToken('kube-writer'),
    },
    argocd: {
      readerToken: options.argocd?.readerToken ?? randomToken('argo-reader'),
      writerToken: options.argocd?.writerToken ?? randomToken('argo-writer'),
    },
    keycloak: {
      clientId: keycloak.adminClientId,
      clientSecret: keycloak.adminClientSecret,
      realm: keycloak.realms[0] ?? 'master',
    },
    elasticsearchApiKey: options.elasticsearch?.apiKey,
  };
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'test-sandbox-'));
  const config: SandboxConfig = {
    kubernetes: {
      host: '127.0.0.1',
      port: 0,
      token: credentials.kubernetes.writerToken,
      readerToken: credentials.kubernetes.readerToken,
    },
    argocd: {
      host: '127.0.0.1',
      port: 0,
      token: credentials.argocd.writerToken,
      readerToken: credentials.argocd.readerToken,
    },
    git: { host: '127.0.0.1', port: 0, repository: REPOSITORY },
    keycloak: { host: '127.0.0.1', port: 0, ...keycloak },
    metrics: { host: '127.0.0.1', port: 0 },
    elasticsearch: {
      host: '127.0.0.1',
      port: 0,
      apiKey: options.elasticsearch?.apiKey,
    },
    traffic: { ...TRAFFIC_DEFAULTS, tickSeconds: 3600, ...options.traffic },
    dataDir,
    argocdPollSeconds: options.argocdPollSeconds ?? 3600,
    argocdOperationDelayMs: options.argocdOperationDelayMs ?? 0,
    customResources: options.customResources ?? [],
  };
  const backgroundErrors: Error[] = [];
  let sandbox: Sandbox | undefined;
  try {
    sandbox = await Sandbox.start(config, {
      onError: options.onError ?? (error => backgroundErrors.push(error)),
      logsSeedTime: options.elasticsearch?.seedTime,
    });
    const started = sandbox;
    const commitToGitops: TestSandbox['commitToGitops'] = async (
      files,
      message,
      author = OTHER_WRITER,
    ) => {
      const work = await fs.mkdtemp(path.join(dataDir, 'commit-'));
      const env = {
        GIT_AUTHOR_NAME: author.name,
        GIT_AUTHOR_EMAIL: author.email,
        GIT_COMMITTER_NAME: author.name,
        GIT_COMMITTER_EMAIL: author.email,
      };
      try {
        await runGit(['clone', '--quiet', started.urls.gitopsRepository, work]);
        for (const [file, content] of Object.entries(files)) {
          const target = path.join(work, file);
          if (!target.startsWith(`${work}${path.sep}`)) {
            throw new Error(`${file} is outside the repository`);
          }
          await fs.mkdir(path.dirname(target), { recursive: true });
          await fs.writeFile(target, content);
        }
        await runGit(['add', '--all'], { cwd: work });
        await runGit(['commit', '--quiet', '-m', message], { cwd: work, env });
        await runGit(['push', '--quiet', 'origin', 'HEAD:main'], { cwd: work });
        return (await runGit(['rev-parse', 'HEAD'], { cwd: work })).trim();
      } finally {
        await fs.rm(work, { recursive: true, force: true });
      }
    };
    const moved = options.applicationsOnGitServer ?? [];
    if (moved.length > 0) {
      const files: Record<string, string> = {};
      for (const name of moved) {
        const file = `apps/${name}.yaml`;
        const app = await runGit(['show', `refs/heads/main:${file}`], {
          cwd: started.git.repoPath,
        });
        files[file] = app
          .split(SEED_REPO_URL)
          .join(started.urls.gitopsRepository);
      }
      await commitToGitops(
        files,
        `${moved.join(
          ', ',
        )}: sync from the GitOps repository at its bound address`,
      );
      await started.argocd.pollOnce();
    }
    return {
      sandbox: started,
      urls: started.urls,
      credentials,
      portalConfig: testPortalConfig(started.urls, credentials, REPOSITORY),
      dataDir,
      backgroundErrors,
      commitToGitops,
      async stop() {
        await started.stop();
        await fs.rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await sandbox?.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}
