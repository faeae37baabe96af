import { existsSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ManagedProcess } from './ManagedProcess';
import { poll, PollGiveUp } from './poll';
import { startPrometheus } from './prometheus';

function findRepoRoot(from: string): string {
  let dir = from;
  while (!existsSync(join(dir, '.yarnrc.yml'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no repository root above ${from}`);
    dir = parent;
  }
  return dir;
}

/** The repository root: the folder holding `.yarnrc.yml` above the working directory. */
export const repoRoot = findRepoRoot(process.cwd());
export const artifactsDir = join(repoRoot, 'artifacts', 'e2e');
export const backendUrl = 'http://localhost:7007';
/**
 * The backend's port, the sandbox's (Kubernetes, Argo CD, git, Keycloak, metrics, Elasticsearch)
 * and Prometheus's, as app-config.yaml sets them.
 */
export const stackPorts = [7007, 7171, 7172, 7173, 7174, 7175, 7176, 9090];

/** The portal running against the local platform: sandbox + backend (serving the built app). */
export interface Stack {
  /** The sandbox: one Node process serving all four APIs (its `pid` is that process). */
  sandbox: ManagedProcess;
  /**
   * A real Prometheus on :9090 scraping the sandbox's metrics listener every second (undefined when
   * the stack was started with `prometheus: false`).
   */
  prometheus: ManagedProcess;
  backend: ManagedProcess;
  /** The sandbox's fresh data folder (`sandbox.dataDir`). */
  sandboxDataDir: string;
  /** The GitOps repository's bare repository on disk (`<dataDir>/git/gitops.git`). */
  gitopsRepoPath: string;
  /** Stops backend, Prometheus and sandbox and waits until their ports are closed. */
  stop(): Promise<void>;
}

/** The development config files (app-config.yaml, app-config.e2e.yaml) and the run's own config. */
function developmentConfigFiles(runConfig: string): string[] {
  return [
    join(repoRoot, 'app-config.yaml'),
    join(repoRoot, 'app-config.e2e.yaml'),
    runConfig,
  ];
}

function configArgs(runConfig: string): string[] {
  return developmentConfigFiles(runConfig).flatMap(file => ['--config', file]);
}

/** Whether something accepts TCP connections on the loopback port. */
function listening(port: number): Promise<boolean> {
  return new Promise(resolve => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.setTimeout(2000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function portsInUse(): Promise<number[]> {
  const inUse: number[] = [];
  for (const port of stackPorts) {
    if (await listening(port)) inUse.push(port);
  }
  return inUse;
}

/** Fails when something already listens on a port the stack needs: tests must not talk to it. */
export async function assertPortsFree(): Promise<void> {
  const inUse = await portsInUse();
  if (inUse.length > 0) {
    throw new Error(
      `port(s) ${inUse.join(
        ', ',
      )} already in use; stop that process before running the e2e tests`,
    );
  }
}

/** Starts the sandbox on a fresh data folder and waits until its Kubernetes API answers. */
export async function startSandbox(
  extraConfig: string,
): Promise<ManagedProcess> {
  const sandbox = ManagedProcess.start(
    'sandbox',
    'node',
    [
      '--require',
      './scripts/register.cjs',
      'src/main.ts',
      ...configArgs(extraConfig),
    ],
    { cwd: join(repoRoot, 'packages/sandbox'), logDir: artifactsDir },
  );
  try {
    await poll('the sandbox Kubernetes API', async () => {
      if (!sandbox.running)
        throw new PollGiveUp(`sandbox exited, see ${sandbox.logFile}`);
      const res = await fetch('http://127.0.0.1:7171/version').catch(
        () => undefined,
      );
      return res && res.status < 500 ? true : undefined;
    });
  } catch (e) {
    await sandbox.stop();
    throw e;
  }
  return sandbox;
}

/** A guest token from the backend, as the catalog API requires one even in dev. */
export async function guestToken(): Promise<string> {
  const res = await fetch(`${backendUrl}/api/auth/guest/refresh`);
  if (!res.ok) throw new Error(`guest refresh: HTTP ${res.status}`);
  const body = (await res.json()) as { backstageIdentity: { token: string } };
  return body.backstageIdentity.token;
}

/** The backend process a stack runs: the portal's entry with its development config by default. */
export interface BackendLaunch {
  /** The process name: its log is `artifacts/e2e/<name>.log`. */
  name: string;
  /** The entry file, absolute or relative to packages/backend (the backend's working directory). */
  entry: string;
  /**
   * The `--config` files after the generated run config is known (absolute paths). Receives the
   * run's temporary folder, where a launch may write a config of its own.
   */
  configFiles(run: { dataDir: string; runConfig: string }): string[];
  /** Environment of the backend process (merged over the test's environment); may throw. */
  env: NodeJS.ProcessEnv;
  /** Resolves when the backend serves what the tests need; throws PollGiveUp when it cannot. */
  ready(backend: ManagedProcess): Promise<void>;
}

/** What {@link startStack} starts. Without options: sandbox, Prometheus and the development backend. */
export interface StackOptions {
  /** Start Prometheus on :9090 (default true). */
  prometheus?: boolean;
  /** The backend to run (default {@link developmentBackend}). */
  backend?: BackendLaunch;
}

/** The portal backend from `src/index.ts` with app-config.yaml + app-config.e2e.yaml, in development. */
export const developmentBackend: BackendLaunch = {
  name: 'backend',
  entry: 'src/index.ts',
  configFiles: ({ runConfig }) => developmentConfigFiles(runConfig),
  env: {
    // Jest runs with NODE_ENV=test; the portal's dev sign-in (guest) only exists in development.
    NODE_ENV: 'development',
  },
  ready: async backend => {
    await poll(
      'the backend to load the demo catalog',
      async () => {
        if (!backend.running)
          throw new PollGiveUp(`backend exited, see ${backend.logFile}`);
        const token = await guestToken();
        const res = await fetch(
          `${backendUrl}/api/catalog/entities/by-name/component/default/driver`,
          { headers: { authorization: `Bearer ${token}` } },
        );
        return res.ok ? true : undefined;
      },
      { timeoutMs: 180_000, intervalMs: 1000 },
    );
  },
};

/** A stand-in for a process that was not started: not running, stops at once. */
const notStarted = {
  running: false,
  stop: async () => {},
} as unknown as ManagedProcess;

/** Starts sandbox, Prometheus (unless turned off) and backend and waits until the backend is ready. */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const launch = options.backend ?? developmentBackend;
  await assertPortsFree();
  const dataDir = mkdtempSync(join(tmpdir(), 'ops-e2e-'));
  const sandboxDataDir = join(dataDir, 'sandbox');
  const extraConfig = join(dataDir, 'app-config.e2e-run.yaml');
  writeFileSync(
    extraConfig,
    `sandbox:\n  dataDir: ${JSON.stringify(sandboxDataDir)}\n`,
  );

  const sandbox = await startSandbox(extraConfig).catch(e => {
    rmSync(dataDir, { recursive: true, force: true });
    throw e;
  });
  const prometheus =
    options.prometheus === false
      ? notStarted
      : await startPrometheus(join(dataDir, 'prometheus'), artifactsDir).catch(
          async e => {
            await sandbox.stop();
            rmSync(dataDir, { recursive: true, force: true });
            throw e;
          },
        );
  let configFiles: string[];
  let env: NodeJS.ProcessEnv;
  try {
    configFiles = launch.configFiles({ dataDir, runConfig: extraConfig });
    env = { ...launch.env };
  } catch (e) {
    await prometheus.stop();
    await sandbox.stop();
    rmSync(dataDir, { recursive: true, force: true });
    throw e;
  }
  // The backend from its sources with the loader `backstage-cli package start` uses, but without
  // its file watcher: an edit elsewhere in the repository must not restart it in the middle of a test.
  const backend = ManagedProcess.start(
    launch.name,
    process.execPath,
    [
      '--enable-source-maps',
      '--require',
      '@backstage/cli/config/nodeTransform.cjs',
      launch.entry,
      ...configFiles.flatMap(file => ['--config', file]),
    ],
    {
      cwd: join(repoRoot, 'packages/backend'),
      logDir: artifactsDir,
      env: {
        ...env,
        ESBK_TSCONFIG_PATH: join(repoRoot, 'tsconfig.json'),
      },
    },
  );
  const stop = async () => {
    await backend.stop();
    await prometheus.stop();
    await sandbox.stop();
    // The group's last processes may still hold a port for a moment after the leader exited.
    await poll(
      'the stack ports to close',
      async () => ((await portsInUse()).length === 0 ? true : undefined),
      { timeoutMs: 30_000, intervalMs: 200 },
    );
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await launch.ready(backend);
  } catch (e) {
    await stop();
    throw e;
  }
  const gitopsRepoPath = join(sandboxDataDir, 'git', 'gitops.git');
  if (!existsSync(gitopsRepoPath)) {
    await stop();
    throw new Error(`the sandbox has no bare repository at ${gitopsRepoPath}`);
  }
  return { sandbox, prometheus, backend, sandboxDataDir, gitopsRepoPath, stop };
}
