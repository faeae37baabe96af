import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { KeycloakContractTarget } from '@internal/platform-contracts';
import { ManagedServer } from '../process/ManagedServer';

/** What {@link KeycloakServer.start} sets up besides the `master` realm. */
export interface KeycloakServerOptions {
  /** Realms to create (default `['platform']`). */
  realms?: string[];
  /** The confidential `master` client whose service account holds the `admin` role. */
  adminClientId?: string;
  /** Its secret; random when omitted. */
  adminClientSecret?: string;
  /** The bootstrap admin user of `master` (password grant through `admin-cli`). */
  adminUsername?: string;
  /** Its password; random when omitted. */
  adminPassword?: string;
  /** How long to wait for readiness (default 5 minutes: the first start also builds Keycloak). */
  startTimeoutMs?: number;
}

/**
 * Everything a test needs to talk to the server: the Keycloak contract's target, shaped like the
 * sandbox stand-in's settings; `realm` is the first of `realms`.
 */
export type KeycloakTarget = KeycloakContractTarget;

/** How long each phase of a start took, and whether Keycloak had to build itself first. */
export interface KeycloakStartTimings {
  /** From spawning kc.sh until `/health/ready` answered 200. */
  readyMs: number;
  /** Creating the realms and the admin client through the Admin API. */
  bootstrapMs: number;
  /**
   * True when this start ran Keycloak's build step ("augmentation") because the cached
   * distribution had not been built for `start-dev` yet: the cold start.
   */
  augmented: boolean;
}

// This package runs from source only (tests), never from a build.
// eslint-disable-next-line no-restricted-syntax
const PACKAGE_DIR = path.resolve(__dirname, '../..');

/** The Keycloak version pinned in versions.env (shared with scripts/obtain-keycloak.sh). */
export function keycloakVersion(): string {
  const file = path.join(PACKAGE_DIR, 'src', 'keycloak', 'versions.env');
  const match = /^KEYCLOAK_VERSION=(\S+)$/m.exec(fs.readFileSync(file, 'utf8'));
  if (!match) {
    throw new Error(`KEYCLOAK_VERSION is missing from ${file}`);
  }
  return match[1];
}

/** Where scripts/obtain-keycloak.sh unpacks the distribution. */
export function keycloakDistDir(version = keycloakVersion()): string {
  const repo = path.resolve(PACKAGE_DIR, '../..');
  const cache =
    process.env.REAL_INFRA_CACHE ?? path.join(repo, '.cache', 'real-infra');
  return path.join(cache, 'keycloak', version, `keycloak-${version}`);
}

/**
 * A real Keycloak (the cached `keycloak-quarkus-dist`) started with `kc.sh start-dev` on two free
 * 127.0.0.1 ports (HTTP and management/health), with its H2 database, transaction logs and logs
 * in a temporary Keycloak home (bin/kc.sh copied, lib, conf, themes and providers linked to the
 * cache), so nothing of a run lands in the cache. Bootstraps the realms and the portal's admin
 * client. The process (ports, retry, readiness, stop by process group) is a {@link ManagedServer}:
 * kc.sh runs java as its child, so both are in kc.sh's group.
 */
export class KeycloakServer {
  private constructor(
    readonly version: string,
    readonly target: KeycloakTarget,
    readonly managementUrl: string,
    readonly timings: KeycloakStartTimings,
    private readonly server: ManagedServer,
  ) {}

  /**
   * Starts Keycloak and waits until it is ready and bootstrapped. Fails with the cause (missing
   * distribution, early exit with the end of its log, timeout) and leaves nothing running.
   */
  static async start(
    options: KeycloakServerOptions = {},
  ): Promise<KeycloakServer> {
    const version = keycloakVersion();
    const dist = keycloakDistDir(version);
    if (!fs.existsSync(path.join(dist, '.obtained'))) {
      throw new Error(
        `Keycloak ${version} is not in the cache at ${dist}: run packages/real-infra/scripts/obtain-keycloak.sh (it fetches org.keycloak:keycloak-quarkus-dist:${version} from Maven Central)`,
      );
    }
    const realms = options.realms ?? ['platform'];
    const target: KeycloakTarget = {
      baseUrl: '',
      realm: realms[0],
      adminRealm: 'master',
      clientId: options.adminClientId ?? 'ops-portal-admin',
      clientSecret:
        options.adminClientSecret ?? randomBytes(18).toString('base64url'),
      adminUsername: options.adminUsername ?? 'admin',
      adminPassword:
        options.adminPassword ?? randomBytes(18).toString('base64url'),
    };

    const started = Date.now();
    const server = await ManagedServer.start({
      name: `Keycloak ${version} (${dist})`,
      ports: 2,
      readyTimeoutMs: options.startTimeoutMs ?? 300_000,
      // kc.sh forwards SIGTERM to java, which shuts down in about a second.
      stopGraceMs: 30_000,
      pollMs: 500,
      launch: ([httpPort, managementPort]) => {
        const home = makeHome(dist);
        return {
          command: path.join(home, 'bin', 'kc.sh'),
          args: [
            'start-dev',
            '--http-host=127.0.0.1',
            `--http-port=${httpPort}`,
            `--http-management-port=${managementPort}`,
            '--health-enabled=true',
            '--db=dev-file',
          ],
          cwd: home,
          env: {
            ...process.env,
            KC_BOOTSTRAP_ADMIN_USERNAME: target.adminUsername,
            KC_BOOTSTRAP_ADMIN_PASSWORD: target.adminPassword,
          },
          logFile: path.join(home, 'keycloak.log'),
          ready: async () =>
            (
              await fetch(`http://127.0.0.1:${managementPort}/health/ready`, {
                signal: AbortSignal.timeout(2_000),
              })
            ).ok,
          cleanup: () => fs.rmSync(home, { recursive: true, force: true }),
        };
      },
    });
    const [httpPort, managementPort] = server.ports;
    const keycloak = new KeycloakServer(
      version,
      { ...target, baseUrl: `http://127.0.0.1:${httpPort}` },
      `http://127.0.0.1:${managementPort}`,
      {
        readyMs: Date.now() - started,
        bootstrapMs: 0,
        augmented: server.logText().includes('Updating the configuration'),
      },
      server,
    );
    try {
      const bootstrapStarted = Date.now();
      await bootstrap(keycloak.target, realms);
      keycloak.timings.bootstrapMs = Date.now() - bootstrapStarted;
      return keycloak;
    } catch (error) {
      const tail = server.logTail();
      await server.stop().catch(() => undefined);
      throw new Error(
        `Keycloak ${version} (${dist}) started but its bootstrap failed: ${
          (error as Error).message
        }\n--- last lines of its log ---\n${tail}`,
      );
    }
  }

  /** kc.sh's PID, also the process group id of kc.sh and its java. */
  get pid(): number {
    return this.server.pid;
  }

  /** The java process of the server (kc.sh's child), if it runs. */
  javaPid(): number | undefined {
    return this.server.members().find(p => p.comm === 'java')?.pid;
  }

  /** Resident memory of the server's processes (kc.sh and java), in bytes. */
  rssBytes(): number {
    return this.server.groupRssBytes();
  }

  /** The last lines of Keycloak's log (for failure messages). */
  logTail(): string {
    return this.server.logTail();
  }

  /**
   * Stops the server (SIGTERM to kc.sh's group, kc.sh forwards it to java; SIGKILL after 30 s),
   * waits until java is gone and kc.sh is reaped, and removes the temporary home with its
   * database. Returns how long the processes took to end.
   */
  async stop(): Promise<{ stopMs: number; javaPid?: number }> {
    const javaPid = this.javaPid();
    const { stopMs } = await this.server.stop();
    return { stopMs, javaPid };
  }
}

/**
 * A temporary Keycloak home: kc.sh derives the home from its own (resolved) path, so a copy of it,
 * with the distribution's lib, conf, themes and providers linked.
 */
function makeHome(dist: string): string {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'real-keycloak-'));
  fs.mkdirSync(path.join(home, 'bin'));
  fs.copyFileSync(
    path.join(dist, 'bin', 'kc.sh'),
    path.join(home, 'bin', 'kc.sh'),
  );
  fs.chmodSync(path.join(home, 'bin', 'kc.sh'), 0o755);
  for (const dir of ['lib', 'conf', 'themes', 'providers']) {
    fs.symlinkSync(path.join(dist, dir), path.join(home, dir));
  }
  return home;
}

async function call(
  url: string,
  init: RequestInit & { token?: string },
  expected: number[],
  what: string,
): Promise<Response> {
  const headers = new Headers(init.headers);
  if (init.token) headers.set('Authorization', `Bearer ${init.token}`);
  const response = await fetch(url, { ...init, headers });
  if (!expected.includes(response.status)) {
    throw new Error(
      `${what}: ${init.method ?? 'GET'} ${url} answered ${response.status}: ${(
        await response.text()
      ).slice(0, 500)}`,
    );
  }
  return response;
}

const json = (body: unknown) => ({
  body: JSON.stringify(body),
  headers: { 'Content-Type': 'application/json' },
});

/**
 * Creates what the portal's `opsPortal.keycloak` config expects, logged in as the bootstrap admin
 * user: the realms, and in `master` the confidential client with service accounts whose service
 * account holds the realm role `admin` (the Admin API on every realm).
 */
async function bootstrap(target: KeycloakTarget, realms: string[]) {
  const { baseUrl } = target;
  const login = await call(
    `${baseUrl}/realms/master/protocol/openid-connect/token`,
    {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'password',
        client_id: 'admin-cli',
        username: target.adminUsername,
        password: target.adminPassword,
      }),
    },
    [200],
    'logging in as the bootstrap admin',
  );
  const { access_token: token } = (await login.json()) as {
    access_token: string;
  };
  for (const realm of realms) {
    await call(
      `${baseUrl}/admin/realms`,
      { method: 'POST', token, ...json({ realm, enabled: true }) },
      [201],
      `creating realm '${realm}'`,
    );
  }
  const created = await call(
    `${baseUrl}/admin/realms/master/clients`,
    {
      method: 'POST',
      token,
      ...json({
        clientId: target.clientId,
        name: 'Ops portal (scaffolder actions)',
        secret: target.clientSecret,
        publicClient: false,
        serviceAccountsEnabled: true,
        standardFlowEnabled: false,
      }),
    },
    [201],
    `creating the admin client '${target.clientId}'`,
  );
  const id = created.headers.get('location')?.split('/').pop();
  const serviceAccount = (await (
    await call(
      `${baseUrl}/admin/realms/master/clients/${id}/service-account-user`,
      { token },
      [200],
      'reading the admin client service account',
    )
  ).json()) as { id: string };
  const adminRole = await (
    await call(
      `${baseUrl}/admin/realms/master/roles/admin`,
      { token },
      [200],
      "reading master's admin role",
    )
  ).json();
  await call(
    `${baseUrl}/admin/realms/master/users/${serviceAccount.id}/role-mappings/realm`,
    { method: 'POST', token, ...json([adminRole]) },
    [204],
    "granting the admin client's service account the admin role",
  );
}
