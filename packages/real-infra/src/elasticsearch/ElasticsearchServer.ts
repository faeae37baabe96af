import {
  ChildProcess,
  execFileSync,
  spawn,
  spawnSync,
} from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

// This package runs from source under jest, never as a build: its folder is __dirname.
// eslint-disable-next-line no-restricted-syntax
const HERE = __dirname;

/** The Elasticsearch version pinned in versions.env (shared with scripts/obtain-elasticsearch.sh). */
export function elasticsearchVersion(): string {
  const env = fs.readFileSync(path.join(HERE, 'versions.env'), 'utf8');
  const match = /^ES_VERSION=(\S+)$/m.exec(env);
  if (!match) {
    throw new Error(`ES_VERSION is missing from ${HERE}/versions.env`);
  }
  return match[1];
}

/** Where scripts/obtain-elasticsearch.sh unpacks the integ-test distribution. */
export function elasticsearchHome(version = elasticsearchVersion()): string {
  const repo = path.resolve(HERE, '../../../..');
  const cache =
    process.env.REAL_INFRA_CACHE ?? path.join(repo, '.cache', 'real-infra');
  return path.join(cache, 'elasticsearch', version, `elasticsearch-${version}`);
}

/** The Java home Elasticsearch runs on: ES_JAVA_HOME, JAVA_HOME, else the `java` on PATH. */
export function elasticsearchJavaHome(): string {
  for (const candidate of [process.env.ES_JAVA_HOME, process.env.JAVA_HOME]) {
    if (candidate && fs.existsSync(path.join(candidate, 'bin', 'java'))) {
      return candidate;
    }
  }
  let java: string;
  try {
    java = execFileSync('sh', ['-c', 'command -v java'], {
      encoding: 'utf8',
    }).trim();
  } catch {
    throw new Error(
      'Elasticsearch needs Java 17+: set ES_JAVA_HOME or JAVA_HOME, or put java on PATH',
    );
  }
  return path.dirname(path.dirname(fs.realpathSync(java)));
}

/** What `java -version` prints (to stderr). */
function javaVersionText(javaHome: string): string {
  const result = spawnSync(path.join(javaHome, 'bin', 'java'), ['-version'], {
    encoding: 'utf8',
  });
  return `${result.stderr ?? ''}${result.stdout ?? ''}`;
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

/** Whether a process exists and is not a zombie. */
function alive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The state follows the parenthesised command name.
    return (
      stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z'
    );
  } catch {
    return false;
  }
}

/** The direct children of a process, forked by any of its threads (Linux /proc). */
function childrenOf(pid: number): number[] {
  try {
    return fs.readdirSync(`/proc/${pid}/task`).flatMap(task => {
      try {
        return fs
          .readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8')
          .trim()
          .split(/\s+/)
          .filter(Boolean)
          .map(Number);
      } catch {
        return [];
      }
    });
  } catch {
    return [];
  }
}

/** Resident memory of a process in bytes (VmRSS), 0 when gone. */
function rssBytes(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(status);
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Options of {@link ElasticsearchServer.start}. */
export interface ElasticsearchServerOptions {
  /** Default: versions.env. */
  version?: string;
  /** JVM heap (`-Xms` = `-Xmx`). Default `512m`. */
  heap?: string;
  /** How long to wait for cluster health yellow. Default 3 minutes. */
  startTimeoutMs?: number;
  /**
   * Security on (`xpack.security.enabled=true`, HTTP without TLS) with this file-realm superuser
   * (made with `bin/elasticsearch-users`); the harness's own requests authenticate as it.
   * Default: security off.
   */
  security?: { username: string; password: string };
}

/** How long a start took. */
export interface ElasticsearchStartTimings {
  /** From spawning bin/elasticsearch until `_cluster/health` reported yellow or green. */
  healthyMs: number;
  /** Port binding attempts (a port taken between choosing and binding means another try). */
  attempts: number;
}

/** Resident memory of the two JVMs: the CLI launcher and the server it forks. */
export interface ElasticsearchMemory {
  launcherRssBytes: number;
  serverRssBytes: number;
}

const UNPRIVILEGED = { uid: 65534, gid: 65534 }; // nobody:nogroup

const SETPRIV = [
  `--reuid=${UNPRIVILEGED.uid}`,
  `--regid=${UNPRIVILEGED.gid}`,
  '--clear-groups',
  '--',
];

/** Whether the unprivileged user can execute `file` (every parent folder must let it pass). */
function unprivilegedCanRun(file: string): boolean {
  return spawnSync('setpriv', [...SETPRIV, 'test', '-x', file]).status === 0;
}

/**
 * The distribution folder `nobody` can run: the cache itself when its path lets `nobody` through,
 * otherwise (a clone under a private home folder) a world-readable copy in the temp folder, made
 * once per machine and version.
 */
function unprivilegedHome(home: string, version: string): string {
  if (unprivilegedCanRun(path.join(home, 'bin', 'elasticsearch'))) return home;
  const copy = path.join(os.tmpdir(), `real-infra-elasticsearch-${version}`);
  const marker = path.join(copy, '.complete');
  if (!fs.existsSync(marker)) {
    const staging = fs.mkdtempSync(`${copy}.staging-`);
    fs.cpSync(home, staging, { recursive: true });
    fs.writeFileSync(path.join(staging, '.complete'), `${home}\n`);
    execFileSync('chmod', ['-R', 'a+rX', staging]);
    fs.rmSync(copy, { recursive: true, force: true });
    fs.renameSync(staging, copy);
  }
  if (!unprivilegedCanRun(path.join(copy, 'bin', 'elasticsearch'))) {
    throw new Error(
      `Elasticsearch refuses to run as root and user nobody cannot run ${home} nor its copy ${copy}`,
    );
  }
  return copy;
}

/**
 * A real Elasticsearch (the integ-test distribution that scripts/obtain-elasticsearch.sh caches)
 * on free 127.0.0.1 ports: single-node discovery, security off unless asked (then a file-realm
 * superuser and plain HTTP), data, logs and config in a temp
 * folder that {@link ElasticsearchServer.stop} removes. Elasticsearch refuses to run as root, so
 * when the suite runs as root (CI does) it is started as `nobody` through `setpriv`. Stopped by
 * PID: SIGTERM to the process group the launcher leads, then SIGKILL, until both JVMs are gone.
 */
export class ElasticsearchServer {
  private constructor(
    readonly url: string,
    readonly version: string,
    readonly javaHome: string,
    readonly timings: ElasticsearchStartTimings,
    private readonly child: ChildProcess,
    private readonly workDir: string,
    private readonly exitHook: () => void,
    /** The superuser's `Authorization` header when security is on. */
    private readonly authorization?: string,
  ) {}

  /** The launcher's PID (leader of the process group that holds the server JVM too). */
  get pid(): number {
    return this.child.pid!;
  }

  /** The server JVM's PID (the launcher's child). */
  get serverPid(): number | undefined {
    return childrenOf(this.pid)[0];
  }

  static async start(
    options: ElasticsearchServerOptions = {},
  ): Promise<ElasticsearchServer> {
    const version = options.version ?? elasticsearchVersion();
    const home = elasticsearchHome(version);
    const bin = path.join(home, 'bin', 'elasticsearch');
    if (!fs.existsSync(bin)) {
      throw new Error(
        `Elasticsearch ${version} is not in ${home}: run packages/real-infra/scripts/obtain-elasticsearch.sh (yarn workspace @internal/real-infra obtain)`,
      );
    }
    const javaHome = elasticsearchJavaHome();
    const javaText = javaVersionText(javaHome);
    const major = Number(/version "(\d+)/.exec(javaText)?.[1] ?? NaN);
    if (!(major >= 17)) {
      throw new Error(
        `Elasticsearch ${version} needs Java 17+, ${javaHome} is: ${javaText.trim()}`,
      );
    }
    // Elasticsearch refuses to run as root: as root, it runs as nobody, from a folder nobody can read.
    const runnable =
      process.getuid?.() === 0 ? unprivilegedHome(home, version) : home;
    let lastError = new Error('Elasticsearch did not start');
    for (let attempt = 1; attempt <= 3; attempt++) {
      try {
        return await ElasticsearchServer.startOnce(
          version,
          runnable,
          javaHome,
          options,
          attempt,
        );
      } catch (error) {
        lastError = error as Error;
        if (!/BindException|Address already in use|bind/i.test(String(error)))
          throw error;
      }
    }
    throw lastError;
  }

  private static async startOnce(
    version: string,
    home: string,
    javaHome: string,
    options: ElasticsearchServerOptions,
    attempt: number,
  ): Promise<ElasticsearchServer> {
    const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'real-infra-es-'));
    let owner: ElasticsearchServer | undefined;
    try {
      return await ElasticsearchServer.launch(
        version,
        home,
        javaHome,
        options,
        attempt,
        workDir,
        server => {
          owner = server;
        },
      );
    } catch (error) {
      // Before a server owns the folder (its stop() removes it), nothing else will.
      if (!owner) fs.rmSync(workDir, { recursive: true, force: true });
      throw error;
    }
  }

  private static async launch(
    version: string,
    home: string,
    javaHome: string,
    options: ElasticsearchServerOptions,
    attempt: number,
    workDir: string,
    adopt: (server: ElasticsearchServer) => void,
  ): Promise<ElasticsearchServer> {
    const bin = path.join(home, 'bin', 'elasticsearch');
    const dirs = {
      config: path.join(workDir, 'config'),
      data: path.join(workDir, 'data'),
      logs: path.join(workDir, 'logs'),
      tmp: path.join(workDir, 'tmp'),
    };
    fs.cpSync(path.join(home, 'config'), dirs.config, { recursive: true });
    for (const dir of [dirs.data, dirs.logs, dirs.tmp])
      fs.mkdirSync(dir, { recursive: true });
    let authorization: string | undefined;
    if (options.security) {
      const { username, password } = options.security;
      // The file realm: config/users and users_roles in this start's own config folder.
      const made = spawnSync(
        path.join(home, 'bin', 'elasticsearch-users'),
        ['useradd', username, '-p', password, '-r', 'superuser'],
        {
          encoding: 'utf8',
          env: {
            PATH: process.env.PATH ?? '/usr/bin:/bin',
            ES_JAVA_HOME: javaHome,
            ES_PATH_CONF: dirs.config,
          },
        },
      );
      if (made.status !== 0) {
        throw new Error(
          `elasticsearch-users useradd failed (${made.status}): ${made.stderr}${made.stdout}`,
        );
      }
      authorization = `Basic ${Buffer.from(`${username}:${password}`).toString(
        'base64',
      )}`;
    }
    const asRoot = process.getuid?.() === 0;
    if (asRoot) {
      fs.chmodSync(workDir, 0o755);
      execFileSync('chown', [
        '-R',
        `${UNPRIVILEGED.uid}:${UNPRIVILEGED.gid}`,
        workDir,
      ]);
    }
    const httpPort = await freePort();
    const transportPort = await freePort();
    const settings = {
      'cluster.name': 'real-infra',
      'node.name': 'real-infra-es',
      'http.host': '127.0.0.1',
      'http.port': String(httpPort),
      'transport.host': '127.0.0.1',
      'transport.port': String(transportPort),
      'discovery.type': 'single-node',
      'path.data': dirs.data,
      'path.logs': dirs.logs,
      'xpack.security.enabled': options.security ? 'true' : 'false',
      // A nearly full disk must not leave the seeded shards unassigned.
      'cluster.routing.allocation.disk.threshold_enabled': 'false',
    };
    const esArgs = Object.entries(settings).flatMap(([k, v]) => [
      '-E',
      `${k}=${v}`,
    ]);
    const [command, args] = asRoot
      ? ['setpriv', [...SETPRIV, bin, ...esArgs]]
      : [bin, esArgs];
    const heap = options.heap ?? '512m';
    const out = fs.openSync(path.join(workDir, 'console.log'), 'a');
    const started = Date.now();
    const child = spawn(command, args, {
      cwd: workDir,
      detached: true,
      stdio: ['ignore', out, out],
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: workDir,
        LANG: 'C.UTF-8',
        ES_JAVA_HOME: javaHome,
        ES_PATH_CONF: dirs.config,
        ES_TMPDIR: dirs.tmp,
        ES_JAVA_OPTS: `-Xms${heap} -Xmx${heap}`,
      },
    });
    fs.closeSync(out);
    const pid = child.pid;
    if (pid === undefined) {
      throw new Error(`could not spawn ${command}`);
    }
    // Should the test process die without stop(), take the JVMs along.
    const exitHook = () => {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    process.on('exit', exitHook);
    let exited: string | undefined;
    child.once('exit', (code, signal) => {
      exited = `exited with ${signal ?? code}`;
    });
    const url = `http://127.0.0.1:${httpPort}`;
    const server = new ElasticsearchServer(
      url,
      version,
      javaHome,
      { healthyMs: 0, attempts: attempt },
      child,
      workDir,
      exitHook,
      authorization,
    );
    adopt(server);
    const deadline = started + (options.startTimeoutMs ?? 180_000);
    try {
      for (;;) {
        if (exited) {
          throw new Error(
            `Elasticsearch ${version} ${exited} before it was healthy:\n${server.logTail()}`,
          );
        }
        if (Date.now() > deadline) {
          throw new Error(
            `Elasticsearch ${version} was not healthy within ${
              (options.startTimeoutMs ?? 180_000) / 1000
            } s:\n${server.logTail()}`,
          );
        }
        try {
          const res = await fetch(
            `${url}/_cluster/health?wait_for_status=yellow&timeout=1s`,
            {
              signal: AbortSignal.timeout(3000),
              headers: authorization ? { Authorization: authorization } : {},
            },
          );
          const health = (await res.json()) as { status?: string };
          if (
            res.ok &&
            (health.status === 'yellow' || health.status === 'green')
          ) {
            break;
          }
        } catch {
          // not listening yet
        }
        await sleep(250);
      }
    } catch (error) {
      await server.stop();
      throw error;
    }
    server.timings.healthyMs = Date.now() - started;
    return server;
  }

  /** The last lines the launcher printed and of the server log (for failures). */
  logTail(lines = 40): string {
    const read = (file: string) => {
      try {
        return fs
          .readFileSync(file, 'utf8')
          .trimEnd()
          .split('\n')
          .slice(-lines)
          .join('\n');
      } catch {
        return '';
      }
    };
    return [
      read(path.join(this.workDir, 'console.log')),
      read(path.join(this.workDir, 'logs', 'real-infra.log')),
    ]
      .filter(Boolean)
      .join('\n--- logs/real-infra.log ---\n');
  }

  /** Resident memory of the launcher and the server JVM now. */
  memory(): ElasticsearchMemory {
    const serverPid = this.serverPid;
    return {
      launcherRssBytes: rssBytes(this.pid),
      serverRssBytes: serverPid ? rssBytes(serverPid) : 0,
    };
  }

  /** A JSON request; throws with the body on a non-2xx answer. */
  async request(method: string, urlPath: string, body?: unknown): Promise<any> {
    const res = await fetch(`${this.url}${urlPath}`, {
      method,
      headers: this.headers('application/json'),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) {
      throw new Error(`${method} ${urlPath} answered ${res.status}: ${text}`);
    }
    return text ? JSON.parse(text) : undefined;
  }

  private headers(contentType: string): Record<string, string> {
    return {
      'Content-Type': contentType,
      ...(this.authorization ? { Authorization: this.authorization } : {}),
    };
  }

  /** `PUT _index_template/<name>`. */
  async putIndexTemplate(name: string, body: unknown): Promise<void> {
    await this.request(
      'PUT',
      `/_index_template/${encodeURIComponent(name)}`,
      body,
    );
  }

  /**
   * Indexes documents with `_bulk` (as Fluentd's elasticsearch output does: `index` actions into
   * daily indices) and refreshes, so they are searchable when this returns.
   */
  async bulkIndex(
    entries: Array<{ index: string; document: unknown }>,
  ): Promise<void> {
    const chunk = 2000;
    for (let i = 0; i < entries.length; i += chunk) {
      const ndjson = entries
        .slice(i, i + chunk)
        .flatMap(({ index, document }) => [
          JSON.stringify({ index: { _index: index } }),
          JSON.stringify(document),
        ])
        .join('\n');
      const res = await fetch(`${this.url}/_bulk?refresh=true`, {
        method: 'POST',
        headers: this.headers('application/x-ndjson'),
        body: `${ndjson}\n`,
      });
      const result = (await res.json()) as {
        errors?: boolean;
        items?: Array<Record<string, { error?: unknown }>>;
      };
      if (!res.ok || result.errors) {
        const failed = result.items
          ?.map(item => Object.values(item)[0])
          .find(item => item.error);
        throw new Error(
          `_bulk answered ${res.status}: ${JSON.stringify(
            failed?.error ?? result,
          )}`,
        );
      }
    }
  }

  /**
   * Stops Elasticsearch by PID: SIGTERM to the launcher's process group (the launcher and the
   * server JVM), SIGKILL after 20 s, then waits until neither JVM is alive and removes the temp
   * folder (data, logs, config).
   */
  async stop(): Promise<void> {
    const pid = this.pid;
    const serverPid = this.serverPid;
    const pids = [pid, ...(serverPid ? [serverPid] : [])];
    const signal = (sig: NodeJS.Signals) => {
      try {
        process.kill(-pid, sig);
      } catch {
        // the group is gone
      }
      for (const p of pids) {
        try {
          if (alive(p)) process.kill(p, sig);
        } catch {
          // gone
        }
      }
    };
    // Resolves once Node has reaped the launcher (until then its PID is a zombie).
    const reaped =
      this.child.exitCode !== null || this.child.signalCode !== null
        ? Promise.resolve()
        : new Promise<void>(resolve =>
            this.child.once('exit', () => resolve()),
          );
    signal('SIGTERM');
    const deadline = Date.now() + 20_000;
    while (pids.some(alive) && Date.now() < deadline) await sleep(100);
    if (pids.some(alive)) {
      signal('SIGKILL');
      const killDeadline = Date.now() + 10_000;
      while (pids.some(alive) && Date.now() < killDeadline) await sleep(100);
    }
    await Promise.race([reaped, sleep(5_000)]);
    process.removeListener('exit', this.exitHook);
    const survivors = pids.filter(alive);
    fs.rmSync(this.workDir, { recursive: true, force: true });
    if (survivors.length > 0) {
      throw new Error(
        `Elasticsearch processes ${survivors.join(', ')} survived SIGKILL`,
      );
    }
  }
}
