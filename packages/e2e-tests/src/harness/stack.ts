import { existsSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ManagedProcess } from './ManagedProcess';
import { poll } from './poll';

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

/** The portal running against the local platform: sandbox + backend (serving the built app). */
export interface Stack {
  sandbox: ManagedProcess;
  backend: ManagedProcess;
  stop(): Promise<void>;
}

function configArgs(extraConfig: string): string[] {
  return [
    '--config',
    join(repoRoot, 'app-config.yaml'),
    '--config',
    join(repoRoot, 'app-config.e2e.yaml'),
    '--config',
    extraConfig,
  ];
}

/** Fails when something already listens on a port the stack needs: tests must not talk to it. */
async function assertPortsFree(urls: string[]): Promise<void> {
  for (const url of urls) {
    const answer = await fetch(url).catch(() => undefined);
    if (answer) {
      throw new Error(
        `${url} is already in use; stop that process before running the e2e tests`,
      );
    }
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
  await poll('the sandbox Kubernetes API', async () => {
    if (!sandbox.running)
      throw new Error(`sandbox exited, see ${sandbox.logFile}`);
    const res = await fetch('http://127.0.0.1:7171/version').catch(
      () => undefined,
    );
    return res && res.status < 500 ? true : undefined;
  });
  return sandbox;
}

/** A guest token from the backend, as the catalog API requires one even in dev. */
export async function guestToken(): Promise<string> {
  const res = await fetch(`${backendUrl}/api/auth/guest/refresh`);
  if (!res.ok) throw new Error(`guest refresh: HTTP ${res.status}`);
  const body = (await res.json()) as { backstageIdentity: { token: string } };
  return body.backstageIdentity.token;
}

/** Starts sandbox and backend and waits until the demo catalog is loaded. */
export async function startStack(): Promise<Stack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ops-e2e-'));
  const extraConfig = join(dataDir, 'app-config.e2e-run.yaml');
  writeFileSync(
    extraConfig,
    `sandbox:\n  dataDir: ${JSON.stringify(join(dataDir, 'sandbox'))}\n`,
  );

  await assertPortsFree([`${backendUrl}/.backstage/health/v1/liveness`]);
  const sandbox = await startSandbox(extraConfig);
  const backend = ManagedProcess.start(
    'backend',
    'yarn',
    ['backstage-cli', 'package', 'start', ...configArgs(extraConfig)],
    {
      cwd: join(repoRoot, 'packages/backend'),
      logDir: artifactsDir,
      // Jest runs with NODE_ENV=test; the portal's dev sign-in (guest) only exists in development.
      env: { NODE_ENV: 'development' },
    },
  );
  const stop = async () => {
    await backend.stop();
    await sandbox.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await poll(
      'the backend to load the demo catalog',
      async () => {
        if (!backend.running)
          throw new Error(`backend exited, see ${backend.logFile}`);
        const token = await guestToken();
        const res = await fetch(
          `${backendUrl}/api/catalog/entities/by-name/component/default/driver`,
          { headers: { authorization: `Bearer ${token}` } },
        );
        return res.ok ? true : undefined;
      },
      { timeoutMs: 180_000, intervalMs: 1000 },
    );
  } catch (e) {
    await stop();
    throw e;
  }
  return { sandbox, backend, stop };
}
