import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

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

/** Everything a test needs to talk to the server, shaped like the sandbox stand-in's settings. */
export interface KeycloakTarget {
  /** e.g. `http://127.0.0.1:41234` (token endpoint under `/realms`, Admin API under `/admin`). */
  baseUrl: string;
  /** The realm the service clients live in (the first of `realms`). */
  realm: string;
  /** Realm of the admin client (`master`). */
  adminRealm: string;
  clientId: string;
  clientSecret: string;
  adminUsername: string;
  adminPassword: string;
}

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

const KC_LOG_TAIL_LINES = 40;

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

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/** The ids of the live processes in a process group (from /proc). */
function groupMembers(pgid: number): Array<{ pid: number; comm: string }> {
  const members: Array<{ pid: number; comm: string }> = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    // pid (comm) state ppid pgrp ...; comm may hold spaces and parentheses.
    const close = stat.lastIndexOf(')');
    const fields = stat.slice(close + 2).split(' ');
    if (fields[0] !== 'Z' && Number(fields[2]) === pgid) {
      members.push({
        pid: Number(entry),
        comm: stat.slice(stat.indexOf('(') + 1, close),
      });
    }
  }
  return members;
}

function isAlive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return (
      stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z'
    );
  } catch {
    return false;
  }
}

/**
 * A real Keycloak (the cached `keycloak-quarkus-dist`) started with `kc.sh start-dev` on two free
 * 127.0.0.1 ports (HTTP and management/health), with its H2 database, transaction logs and logs
 * in a temporary Keycloak home (bin/kc.sh copied, lib, conf, themes and providers linked to the
 * cache), so nothing of a run lands in the cache. Bootstraps the realms and the portal's admin
 * client. {@link stop} ends the process group by kc.sh's PID (kc.sh runs java as its child) and
 * checks that the java process is gone.
 */
export class KeycloakServer {
  private exited = false;
  private readonly exitHook = () => this.killGroup('SIGKILL');

  private constructor(
    readonly version: string,
    readonly target: KeycloakTarget,
    readonly managementUrl: string,
    readonly timings: KeycloakStartTimings,
    /** kc.sh's PID, also the process group id of kc.sh and its java. */
    readonly pid: number,
    private readonly child: ChildProcess,
    private readonly home: string,
    private readonly logFile: string,
  ) {
    child.once('exit', () => {
      this.exited = true;
    });
    process.once('exit', this.exitHook);
  }

  /**
   * Starts Keycloak and waits until it is ready and bootstrapped. Fails with the cause (missing
   * distribution, early exit with the end of its log, timeout) and leaves nothing running.
   */
  static async start(
    options: KeycloakServerOptions = {},
  ): Promise<KeycloakServer> {
    // A free port is found by binding and releasing it; another process may take it before
    // Keycloak binds. That race (and only that) gets fresh ports and another try.
    for (let attempt = 1; ; attempt++) {
      try {
        return await KeycloakServer.startOnce(options);
      } catch (error) {
        const portTaken = /Address already in use|Port already bound/.test(
          (error as Error).message,
        );
        if (!portTaken || attempt >= 3) throw error;
      }
    }
  }

  private static async startOnce(
    options: KeycloakServerOptions,
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

    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'real-keycloak-'));
    fs.mkdirSync(path.join(home, 'bin'));
    // kc.sh derives the Keycloak home from its own (resolved) path: a copy, not a link.
    fs.copyFileSync(
      path.join(dist, 'bin', 'kc.sh'),
      path.join(home, 'bin', 'kc.sh'),
    );
    fs.chmodSync(path.join(home, 'bin', 'kc.sh'), 0o755);
    for (const dir of ['lib', 'conf', 'themes', 'providers']) {
      fs.symlinkSync(path.join(dist, dir), path.join(home, dir));
    }
    const logFile = path.join(home, 'keycloak.log');
    const log = fs.openSync(logFile, 'a');
    const httpPort = await freePort();
    let managementPort = await freePort();
    while (managementPort === httpPort) managementPort = await freePort();

    const started = Date.now();
    const child = spawn(
      path.join(home, 'bin', 'kc.sh'),
      [
        'start-dev',
        '--http-host=127.0.0.1',
        `--http-port=${httpPort}`,
        `--http-management-port=${managementPort}`,
        '--health-enabled=true',
        '--db=dev-file',
      ],
      {
        cwd: home,
        // Its own process group, so stop() reaches kc.sh and java through kc.sh's PID.
        detached: true,
        stdio: ['ignore', log, log],
        env: {
          ...process.env,
          KC_BOOTSTRAP_ADMIN_USERNAME: target.adminUsername,
          KC_BOOTSTRAP_ADMIN_PASSWORD: target.adminPassword,
        },
      },
    );
    fs.closeSync(log);
    if (child.pid === undefined) {
      fs.rmSync(home, { recursive: true, force: true });
      throw new Error(`Could not spawn ${home}/bin/kc.sh`);
    }
    const baseUrl = `http://127.0.0.1:${httpPort}`;
    const managementUrl = `http://127.0.0.1:${managementPort}`;
    const server = new KeycloakServer(
      version,
      { ...target, baseUrl },
      managementUrl,
      { readyMs: 0, bootstrapMs: 0, augmented: false },
      child.pid,
      child,
      home,
      logFile,
    );
    try {
      await server.waitUntilReady(options.startTimeoutMs ?? 300_000);
      server.timings.readyMs = Date.now() - started;
      server.timings.augmented = fs
        .readFileSync(logFile, 'utf8')
        .includes('Updating the configuration');
      const bootstrapStarted = Date.now();
      await bootstrap(server.target, realms);
      server.timings.bootstrapMs = Date.now() - bootstrapStarted;
      return server;
    } catch (error) {
      const tail = server.logTail();
      await server.stop().catch(() => undefined);
      throw new Error(
        `Keycloak ${version} (${dist}) did not start: ${
          (error as Error).message
        }\n--- last lines of its log ---\n${tail}`,
      );
    }
  }

  /** The java process of the server (kc.sh's child), if it runs. */
  javaPid(): number | undefined {
    return groupMembers(this.pid).find(p => p.comm === 'java')?.pid;
  }

  /** Resident memory of the server's processes (kc.sh and java), in bytes. */
  rssBytes(): number {
    let total = 0;
    for (const { pid } of groupMembers(this.pid)) {
      try {
        const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
        const kb = /^VmRSS:\s+(\d+) kB$/m.exec(status);
        total += kb ? Number(kb[1]) * 1024 : 0;
      } catch {
        // exited meanwhile
      }
    }
    return total;
  }

  /** The last lines of Keycloak's log (for failure messages). */
  logTail(lines = KC_LOG_TAIL_LINES): string {
    try {
      return fs
        .readFileSync(this.logFile, 'utf8')
        .trimEnd()
        .split('\n')
        .slice(-lines)
        .join('\n');
    } catch {
      return '(no log)';
    }
  }

  /**
   * Stops the server: SIGTERM to the process group of kc.sh's PID (kc.sh forwards it to java),
   * SIGKILL after 30 s, then checks that no process of the group is left and removes the
   * temporary home with its database. Returns how long the processes took to end.
   */
  async stop(): Promise<{ stopMs: number; javaPid?: number }> {
    const started = Date.now();
    const javaPid = this.javaPid();
    this.killGroup('SIGTERM');
    if (!(await this.waitForGroupExit(30_000))) {
      this.killGroup('SIGKILL');
      await this.waitForGroupExit(10_000);
    }
    // kc.sh (and java, when kc.sh exec'd it) is our child: wait until Node has reaped it, so no
    // zombie of it is left behind either.
    const reapDeadline = Date.now() + 10_000;
    while (!this.exited && Date.now() < reapDeadline) {
      await sleep(50);
    }
    const left = groupMembers(this.pid);
    process.removeListener('exit', this.exitHook);
    if (left.length > 0 || (javaPid !== undefined && isAlive(javaPid))) {
      throw new Error(
        `Keycloak's processes did not end: ${left
          .map(p => `${p.pid} (${p.comm})`)
          .join(', ')}`,
      );
    }
    fs.rmSync(this.home, { recursive: true, force: true });
    return { stopMs: Date.now() - started, javaPid };
  }

  private killGroup(signal: NodeJS.Signals) {
    try {
      process.kill(-this.pid, signal);
    } catch {
      // the group is gone already
    }
  }

  private async waitForGroupExit(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (groupMembers(this.pid).length === 0) {
        return true;
      }
      await sleep(200);
    }
    return groupMembers(this.pid).length === 0;
  }

  private async waitUntilReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.exited) {
        throw new Error(
          `kc.sh exited (code ${this.child.exitCode}, signal ${this.child.signalCode}) before it was ready`,
        );
      }
      try {
        const response = await fetch(`${this.managementUrl}/health/ready`, {
          signal: AbortSignal.timeout(2_000),
        });
        if (response.ok) {
          return;
        }
      } catch {
        // not listening yet
      }
      await sleep(500);
    }
    throw new Error(
      `${this.managementUrl}/health/ready did not answer 200 within ${timeoutMs} ms`,
    );
  }
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
