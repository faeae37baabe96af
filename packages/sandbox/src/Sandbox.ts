import http from 'node:http';
import path from 'node:path';
import { ArgoCdReconciler } from './argocd/ArgoCdReconciler';
import { createArgoCdRouter } from './argocd/createArgoCdRouter';
import { ARGOCD_WRITER_ACCOUNT } from './argocd/readerAccess';
import { MemoryClusterStore } from './cluster/MemoryClusterStore';
import { SandboxConfig } from './config';
import { WorkloadController } from './controller/WorkloadController';
import { GitServer } from './git/GitServer';
import { createKeycloakRouter } from './keycloak/createKeycloakRouter';
import { KeycloakStore } from './keycloak/KeycloakStore';
import {
  createSeededKeycloakStore,
  provisionSeedClientSecrets,
} from './keycloak/seedKeycloak';
import { createKubeApiRouter } from './kube/createKubeApiRouter';
import { closeServer, listenOnLoopback, PortInUseError } from './listen';
import { createMetricsHandler } from './traffic/createMetricsHandler';
import {
  createElasticsearchRouter,
  createSeededElasticsearchStore,
} from './elasticsearch';
import { TrafficSimulator } from './traffic/TrafficSimulator';

/** Options for {@link Sandbox.start}. */
export interface SandboxStartOptions {
  /** Recreate the GitOps repository from the seed (tests use fresh temp data dirs anyway). */
  resetGit?: boolean;
  /** Receives errors of background work (Argo CD polls); defaults to printing a warning. */
  onError?: (error: Error) => void;
  /** The time the seeded log documents of the Elasticsearch stand-in lead up to (default: now). */
  logsSeedTime?: Date;
}

/** Where each part of a running sandbox listens. */
export interface SandboxUrls {
  kubernetes: string;
  argocd: string;
  git: string;
  /** Clone URL of the GitOps repository. */
  gitopsRepository: string;
  /** Base URL of the Keycloak stand-in (token endpoint under `/realms`, Admin API under `/admin`). */
  keycloak: string;
  /** The traffic simulator's Prometheus endpoint (`GET <metrics>/metrics`). */
  metrics: string;
  /** The Elasticsearch stand-in (`_count`, `_search` over seeded log documents). */
  elasticsearch: string;
}

/**
 * The local platform in one process: the Kubernetes API subset over an in-memory cluster with a
 * workload controller, a git server for the GitOps repository, the Argo CD stand-in that syncs
 * it, the Keycloak Admin API stand-in and a traffic simulator whose Kong, Istio and
 * kube-state-metrics series a real Prometheus can scrape. For development and tests only; everything listens on
 * 127.0.0.1.
 */
export class Sandbox {
  private constructor(
    /** The in-memory cluster every part shares. */
    readonly store: MemoryClusterStore,
    /** The Argo CD stand-in's controller (sync on demand, status). */
    readonly argocd: ArgoCdReconciler,
    /** The GitOps repository's server. */
    readonly git: GitServer,
    /** The Keycloak stand-in's realms and clients (for assertions such as `findClient`). */
    readonly keycloak: KeycloakStore,
    /** The traffic simulator (`tick()` generates the traffic of the time elapsed since the last). */
    readonly traffic: TrafficSimulator,
    /** The URLs actually bound (ports may differ from the config when it asked for 0). */
    readonly urls: SandboxUrls,
    private readonly controller: WorkloadController,
    private readonly servers: http.Server[],
  ) {}

  /**
   * Starts every part and runs the first Argo CD sync, so the demo workloads exist (and their
   * Pods run) by the time this resolves. On failure, whatever started is stopped again.
   */
  static async start(
    config: SandboxConfig,
    options: SandboxStartOptions = {},
  ): Promise<Sandbox> {
    const store = new MemoryClusterStore({
      customResources: config.customResources,
    });
    const controller = new WorkloadController({ store });
    const keycloak = createSeededKeycloakStore(config.keycloak);
    const traffic = new TrafficSimulator({
      store,
      settings: config.traffic,
      onBehaviourError: message => {
        const error = new Error(message);
        if (options.onError) options.onError(error);
        else process.emitWarning(`Traffic simulator: ${message}`);
      },
    });
    const servers: http.Server[] = [];
    let git: GitServer | undefined;
    let reconciler: ArgoCdReconciler | undefined;
    try {
      const kube = await listenOnLoopback(
        'Kubernetes API',
        createKubeApiRouter({
          store,
          token: config.kubernetes.token,
          readerToken: config.kubernetes.readerToken,
        }),
        config.kubernetes.port,
      );
      servers.push(kube.server);
      git = await GitServer.start({
        dataDir: config.dataDir,
        repository: config.git.repository,
        port: config.git.port,
        reset: options.resetGit,
      }).catch(error => {
        throw error?.code === 'EADDRINUSE'
          ? new PortInUseError('git', config.git.port)
          : error;
      });
      controller.start();
      reconciler = new ArgoCdReconciler({
        store,
        gitRoot: path.join(config.dataDir, 'git'),
        appsRepository: config.git.repository,
        pollSeconds: config.argocdPollSeconds,
        operationDelayMs: config.argocdOperationDelayMs,
        onError:
          options.onError ??
          (error => process.emitWarning(`Argo CD stand-in: ${error.message}`)),
      });
      const argo = await listenOnLoopback(
        'Argo CD API',
        createArgoCdRouter({
          store,
          reconciler,
          token: config.argocd.token,
          readerToken: config.argocd.readerToken,
          username: config.argocd.username,
          password: config.argocd.password,
          // With the reader's token set apart, the writer's is the portal's writer account.
          writerAccount: config.argocd.readerToken
            ? ARGOCD_WRITER_ACCOUNT
            : undefined,
        }),
        config.argocd.port,
      );
      servers.push(argo.server);
      const keycloakServer = await listenOnLoopback(
        'Keycloak',
        createKeycloakRouter({ store: keycloak }),
        config.keycloak.port,
      );
      servers.push(keycloakServer.server);
      const metrics = await listenOnLoopback(
        'metrics',
        createMetricsHandler(traffic),
        config.metrics.port,
      );
      servers.push(metrics.server);
      const elasticsearch = await listenOnLoopback(
        'Elasticsearch',
        createElasticsearchRouter({
          store: createSeededElasticsearchStore(options.logsSeedTime),
          auth: config.elasticsearch.apiKey
            ? { apiKey: config.elasticsearch.apiKey }
            : undefined,
        }),
        config.elasticsearch.port,
      );
      servers.push(elasticsearch.server);
      await reconciler.start();
      provisionSeedClientSecrets(keycloak, store);
      // Run the controller once more so the freshly synced Deployments have running Pods.
      controller.reconcileNow();
      traffic.start();
      return new Sandbox(
        store,
        reconciler,
        git,
        keycloak,
        traffic,
        {
          kubernetes: `http://127.0.0.1:${kube.port}`,
          argocd: `http://127.0.0.1:${argo.port}`,
          git: git.baseUrl,
          gitopsRepository: git.repoUrl,
          keycloak: `http://127.0.0.1:${keycloakServer.port}`,
          metrics: `http://127.0.0.1:${metrics.port}`,
          elasticsearch: `http://127.0.0.1:${elasticsearch.port}`,
        },
        controller,
        servers,
      );
    } catch (error) {
      traffic.stop();
      await reconciler?.stop();
      controller.stop();
      await git?.stop();
      await Promise.all(servers.map(closeServer));
      throw error;
    }
  }

  /** Stops every server and background loop. */
  async stop(): Promise<void> {
    this.traffic.stop();
    await this.argocd.stop();
    this.controller.stop();
    await this.git.stop();
    await Promise.all(this.servers.map(closeServer));
  }
}
