import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  LaunchSpec,
  ManagedServer,
  NOBODY,
  setprivArgs,
} from '../process/ManagedServer';
import { memoryOf } from '../process/processTable';

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

/** Whether the unprivileged user can execute `file` (every parent folder must let it pass). */
function unprivilegedCanRun(file: string): boolean {
  return (
    spawnSync('setpriv', [...setprivArgs(NOBODY), 'test', '-x', file])
      .status === 0
  );
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
 * superuser and plain HTTP), data, logs and config in a temp folder removed at stop. Elasticsearch
 * refuses to run as root, so when the suite runs as root (CI does) it is started as `nobody`
 * through `setpriv`. The process (ports, retry, readiness, stop by process group: the CLI launcher
 * JVM and the server JVM it forks) is a {@link ManagedServer}.
 */
export class ElasticsearchServer {
  private constructor(
    readonly url: string,
    readonly version: string,
    readonly javaHome: string,
    readonly timings: ElasticsearchStartTimings,
    private readonly server: ManagedServer,
    /** The superuser's `Authorization` header when security is on. */
    private readonly authorization?: string,
  ) {}

  /** The launcher's PID (leader of the process group that holds the server JVM too). */
  get pid(): number {
    return this.server.pid;
  }

  /** The server JVM's PID (the launcher's child). */
  get serverPid(): number | undefined {
    return this.server.descendants().find(p => p.ppid === this.pid)?.pid;
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
    const asRoot = process.getuid?.() === 0;
    const runnable = asRoot ? unprivilegedHome(home, version) : home;
    const authorization = options.security
      ? `Basic ${Buffer.from(
          `${options.security.username}:${options.security.password}`,
        ).toString('base64')}`
      : undefined;
    const started = Date.now();
    const server = await ManagedServer.start({
      name: `Elasticsearch ${version}`,
      ports: 2,
      readyTimeoutMs: options.startTimeoutMs ?? 180_000,
      stopGraceMs: 20_000,
      launch: ([httpPort, transportPort]) => {
        const workDir = fs.mkdtempSync(
          path.join(os.tmpdir(), 'real-infra-es-'),
        );
        try {
          return launchSpec({
            home: runnable,
            javaHome,
            options,
            workDir,
            asRoot,
            httpPort,
            transportPort,
            authorization,
          });
        } catch (error) {
          fs.rmSync(workDir, { recursive: true, force: true });
          throw error;
        }
      },
    });
    return new ElasticsearchServer(
      `http://127.0.0.1:${server.ports[0]}`,
      version,
      javaHome,
      { healthyMs: Date.now() - started, attempts: server.attempt },
      server,
      authorization,
    );
  }

  /** The last lines the launcher printed and of the server log (for failures). */
  logTail(): string {
    return this.server.logTail();
  }

  /** Resident memory of the launcher and the server JVM now. */
  memory(): ElasticsearchMemory {
    const rss = (pid: number | undefined) =>
      (memoryOf(pid)?.rssKiB ?? 0) * 1024;
    return {
      launcherRssBytes: rss(this.pid),
      serverRssBytes: rss(this.serverPid),
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
   * Stops Elasticsearch: SIGTERM to the launcher's process group (the launcher and the server
   * JVM), SIGKILL after 20 s, until neither JVM runs and the launcher is reaped; then removes the
   * temp folder (data, logs, config).
   */
  async stop(): Promise<void> {
    await this.server.stop();
  }
}

/** The work folder, settings and command of one attempt (on its ports). */
function launchSpec(launch: {
  home: string;
  javaHome: string;
  options: ElasticsearchServerOptions;
  workDir: string;
  asRoot: boolean;
  httpPort: number;
  transportPort: number;
  authorization?: string;
}): LaunchSpec {
  const { home, javaHome, options, workDir, authorization } = launch;
  const dirs = {
    config: path.join(workDir, 'config'),
    data: path.join(workDir, 'data'),
    logs: path.join(workDir, 'logs'),
    tmp: path.join(workDir, 'tmp'),
  };
  fs.cpSync(path.join(home, 'config'), dirs.config, { recursive: true });
  for (const dir of [dirs.data, dirs.logs, dirs.tmp])
    fs.mkdirSync(dir, { recursive: true });
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
  }
  if (launch.asRoot) {
    fs.chmodSync(workDir, 0o755);
    execFileSync('chown', ['-R', `${NOBODY.uid}:${NOBODY.gid}`, workDir]);
  }
  const url = `http://127.0.0.1:${launch.httpPort}`;
  const settings = {
    'cluster.name': 'real-infra',
    'node.name': 'real-infra-es',
    'http.host': '127.0.0.1',
    'http.port': String(launch.httpPort),
    'transport.host': '127.0.0.1',
    'transport.port': String(launch.transportPort),
    'discovery.type': 'single-node',
    'path.data': dirs.data,
    'path.logs': dirs.logs,
    'xpack.security.enabled': options.security ? 'true' : 'false',
    // A nearly full disk must not leave the seeded shards unassigned.
    'cluster.routing.allocation.disk.threshold_enabled': 'false',
  };
  const heap = options.heap ?? '512m';
  return {
    command: path.join(home, 'bin', 'elasticsearch'),
    args: Object.entries(settings).flatMap(([k, v]) => ['-E', `${k}=${v}`]),
    runAs: launch.asRoot ? NOBODY : undefined,
    cwd: workDir,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: workDir,
      LANG: 'C.UTF-8',
      ES_JAVA_HOME: javaHome,
      ES_PATH_CONF: dirs.config,
      ES_TMPDIR: dirs.tmp,
      ES_JAVA_OPTS: `-Xms${heap} -Xmx${heap}`,
    },
    logFile: path.join(workDir, 'console.log'),
    extraLogFiles: [path.join(dirs.logs, 'real-infra.log')],
    ready: async () => {
      const res = await fetch(
        `${url}/_cluster/health?wait_for_status=yellow&timeout=1s`,
        {
          signal: AbortSignal.timeout(3000),
          headers: authorization ? { Authorization: authorization } : {},
        },
      );
      const health = (await res.json()) as { status?: string };
      return (
        res.ok && (health.status === 'yellow' || health.status === 'green')
      );
    },
    cleanup: () => fs.rmSync(workDir, { recursive: true, force: true }),
  };
}
