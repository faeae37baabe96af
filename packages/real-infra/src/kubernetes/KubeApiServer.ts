import { ChildProcess, spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { kubeHttp } from './kubeHttp';
import { ObtainedKubernetes, readObtainedKubernetes } from './obtained';

/** The user of the static token: in `system:masters`, so cluster-admin under RBAC. */
export const PORTAL_USER = 'ops-portal';

/** Resident memory of one process, from /proc/<pid>/status (KiB). */
export interface ProcessMemory {
  pid: number;
  rssKiB: number;
  peakRssKiB: number;
}

/** How long each start phase took, in milliseconds. */
export interface KubeStartTimings {
  etcdReadyMs: number;
  apiServerReadyMs: number;
  crdsEstablishedMs: number;
  namespacesMs: number;
  totalMs: number;
  crdCount: number;
}

/** Options of {@link KubeApiServer.start}. */
export interface KubeApiServerOptions {
  /** Namespaces created once the CRDs are established. */
  namespaces?: string[];
  /** Apply the cached CRDs (Istio, Kong, Argo CD, External Secrets). Default true. */
  crds?: boolean;
  /** Give up when a phase is not ready within this many milliseconds. Default 120 s. */
  timeoutMs?: number;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function memoryOf(pid: number | undefined): ProcessMemory | undefined {
  if (!pid) return undefined;
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (name: string) =>
      Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    return { pid, rssKiB: field('VmRSS'), peakRssKiB: field('VmHWM') };
  } catch {
    return undefined;
  }
}

function tail(file: string, lines = 25): string {
  try {
    return fs
      .readFileSync(file, 'utf8')
      .trimEnd()
      .split('\n')
      .slice(-lines)
      .join('\n');
  } catch {
    return '(no log)';
  }
}

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/** Every process a harness started, so a crashed test run still ends them (by PID). */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) {
    try {
      if (child.pid) process.kill(child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

/**
 * A real Kubernetes control plane for the contract tests: etcd and kube-apiserver at the pinned
 * versions (built by scripts/obtain-kubernetes.sh), on free 127.0.0.1 ports, with
 *
 * - a static bearer token (`--token-auth-file`) for the portal's user, in `system:masters`;
 *   authorization is RBAC, so that user is cluster-admin and an unknown token gets a real 401;
 * - a self-signed serving certificate kube-apiserver generates in its `--cert-dir` at start
 *   (clients use skipTLSVerify);
 * - a service-account key pair and issuer generated at start (required flags; no tokens are
 *   issued since no controller-manager runs);
 * - `--endpoint-reconciler-type=none`: it refuses a loopback advertise address;
 * - the ServiceAccount admission plugin disabled: without the controller-manager no namespace
 *   gets its `default` ServiceAccount, which that plugin requires of every Pod;
 * - the CRDs of Istio, Kong Ingress Controller, Argo CD and External Secrets applied from their
 *   released modules and Established before `start` resolves.
 *
 * No controller-manager or scheduler runs: objects stay as written (seed Pod status through the
 * status subresource). `stop()` ends both processes by PID and removes the data directory.
 */
export class KubeApiServer {
  private stopped = false;

  private constructor(
    readonly url: string,
    readonly token: string,
    readonly obtained: ObtainedKubernetes,
    readonly timings: KubeStartTimings,
    private readonly dir: string,
    private readonly etcd: ChildProcess,
    private readonly apiServer: ChildProcess,
  ) {}

  /** Starts etcd and kube-apiserver, applies the CRDs and creates the namespaces. */
  static async start(
    options: KubeApiServerOptions = {},
  ): Promise<KubeApiServer> {
    const obtained = readObtainedKubernetes();
    const timeoutMs = options.timeoutMs ?? 120_000;
    const started = Date.now();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'real-kube-'));
    const token = randomBytes(24).toString('hex');
    let etcd: ChildProcess | undefined;
    let apiServer: ChildProcess | undefined;
    const cleanup = async () => {
      await Promise.all([terminate(apiServer), terminate(etcd)]);
      fs.rmSync(dir, { recursive: true, force: true });
    };
    try {
      const [clientPort, peerPort, securePort] = await distinctPorts(3);
      const etcdUrl = `http://127.0.0.1:${clientPort}`;
      const peerUrl = `http://127.0.0.1:${peerPort}`;
      const etcdLog = path.join(dir, 'etcd.log');
      etcd = launch(obtained.etcd, etcdLog, [
        '--name=real-infra',
        `--data-dir=${path.join(dir, 'etcd')}`,
        `--listen-client-urls=${etcdUrl}`,
        `--advertise-client-urls=${etcdUrl}`,
        `--listen-peer-urls=${peerUrl}`,
        `--initial-advertise-peer-urls=${peerUrl}`,
        `--initial-cluster=real-infra=${peerUrl}`,
        '--listen-metrics-urls=',
        '--log-level=warn',
        // A throwaway test cluster: durability is not needed, speed is.
        '--unsafe-no-fsync',
      ]);
      await waitUntil(
        'etcd',
        etcd,
        etcdLog,
        timeoutMs,
        async () =>
          (
            await kubeHttp(etcdUrl, { path: '/health', timeoutMs: 2000 })
          ).body?.health === 'true',
      );
      const etcdReadyMs = Date.now() - started;

      const { privateKey, publicKey } = generateKeyPairSync('rsa', {
        modulusLength: 2048,
        privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
        publicKeyEncoding: { type: 'spki', format: 'pem' },
      });
      fs.writeFileSync(path.join(dir, 'sa.key'), privateKey, { mode: 0o600 });
      fs.writeFileSync(path.join(dir, 'sa.pub'), publicKey);
      fs.writeFileSync(
        path.join(dir, 'tokens.csv'),
        `${token},${PORTAL_USER},${PORTAL_USER},"system:masters"\n`,
        { mode: 0o600 },
      );
      const url = `https://127.0.0.1:${securePort}`;
      const apiLog = path.join(dir, 'kube-apiserver.log');
      apiServer = launch(obtained.kubeApiserver, apiLog, [
        `--etcd-servers=${etcdUrl}`,
        '--bind-address=127.0.0.1',
        '--advertise-address=127.0.0.1',
        // The endpoint reconciler refuses a loopback address for the `kubernetes` Service's
        // endpoints; nothing here reaches the API server through that Service.
        '--endpoint-reconciler-type=none',
        `--secure-port=${securePort}`,
        `--cert-dir=${path.join(dir, 'certs')}`,
        `--token-auth-file=${path.join(dir, 'tokens.csv')}`,
        '--authorization-mode=RBAC',
        '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
        `--service-account-key-file=${path.join(dir, 'sa.pub')}`,
        `--service-account-signing-key-file=${path.join(dir, 'sa.key')}`,
        '--service-cluster-ip-range=10.96.0.0/16',
        '--disable-admission-plugins=ServiceAccount',
        '--profiling=false',
        '--v=1',
      ]);
      await waitUntil(
        'kube-apiserver',
        apiServer,
        apiLog,
        timeoutMs,
        async () => {
          const res = await kubeHttp(url, { path: '/readyz', timeoutMs: 5000 });
          return res.status === 200 && res.text.trim() === 'ok';
        },
      );
      const apiServerReadyMs = Date.now() - started;

      let crdCount = 0;
      if (options.crds ?? true) {
        crdCount = await applyCrds(url, token, obtained.crdDirs);
        await waitUntil(
          'the CRDs to be Established',
          apiServer,
          apiLog,
          timeoutMs,
          () => allEstablished(url, token, crdCount),
        );
      }
      const crdsEstablishedMs = Date.now() - started;
      for (const name of options.namespaces ?? []) {
        const res = await kubeHttp(url, {
          method: 'POST',
          path: '/api/v1/namespaces',
          token,
          body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name } },
        });
        if (res.status !== 201 && res.status !== 409) {
          throw new Error(
            `creating namespace ${name}: ${res.status} ${res.text}`,
          );
        }
      }
      const totalMs = Date.now() - started;
      return new KubeApiServer(
        url,
        token,
        obtained,
        {
          etcdReadyMs,
          apiServerReadyMs,
          crdsEstablishedMs,
          namespacesMs: totalMs - crdsEstablishedMs,
          totalMs,
          crdCount,
        },
        dir,
        etcd,
        apiServer,
      );
    } catch (error) {
      await cleanup();
      throw error;
    }
  }

  /** PIDs of etcd and kube-apiserver. */
  get pids(): { etcd?: number; apiServer?: number } {
    return { etcd: this.etcd.pid, apiServer: this.apiServer.pid };
  }

  /** Current and peak resident memory of both processes. */
  memory(): { etcd?: ProcessMemory; apiServer?: ProcessMemory } {
    return {
      etcd: memoryOf(this.etcd.pid),
      apiServer: memoryOf(this.apiServer.pid),
    };
  }

  /** The last lines of kube-apiserver's log (for failure messages). */
  apiServerLog(lines = 40): string {
    return tail(path.join(this.dir, 'kube-apiserver.log'), lines);
  }

  /** Ends kube-apiserver, then etcd, by PID, and removes their data. Idempotent. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await terminate(this.apiServer);
    await terminate(this.etcd);
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

async function distinctPorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

function launch(binary: string, logFile: string, args: string[]): ChildProcess {
  const log = fs.openSync(logFile, 'a');
  const child = spawn(binary, args, {
    stdio: ['ignore', log, log],
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: os.tmpdir() },
  });
  fs.closeSync(log);
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

/** SIGTERM by PID, SIGKILL after 10 s; resolves once the process has exited. */
async function terminate(child: ChildProcess | undefined): Promise<void> {
  if (!child?.pid || child.exitCode !== null || child.signalCode !== null)
    return;
  const exited = new Promise<void>(resolve =>
    child.once('exit', () => resolve()),
  );
  process.kill(child.pid, 'SIGTERM');
  const killed = await Promise.race([
    exited.then(() => false),
    sleep(10_000).then(() => true),
  ]);
  if (killed) {
    process.kill(child.pid, 'SIGKILL');
    await exited;
  }
}

async function waitUntil(
  what: string,
  child: ChildProcess,
  logFile: string,
  timeoutMs: number,
  ready: () => Promise<boolean>,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `${what}: the process exited (${
          child.exitCode ?? child.signalCode
        }) before it was ready. Log tail:\n${tail(logFile)}`,
      );
    }
    try {
      if (await ready()) return;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `Timed out after ${timeoutMs} ms waiting for ${what}${
          lastError ? ` (last error: ${(lastError as Error).message})` : ''
        }. Log tail:\n${tail(logFile)}`,
      );
    }
    await sleep(200);
  }
}

/** POSTs every CustomResourceDefinition document of the folders; answers how many. */
async function applyCrds(
  url: string,
  token: string,
  dirs: string[],
): Promise<number> {
  let count = 0;
  for (const dir of dirs) {
    for (const file of fs
      .readdirSync(dir)
      .filter(f => f.endsWith('.yaml'))
      .sort()) {
      const docs = parseAllDocuments(
        fs.readFileSync(path.join(dir, file), 'utf8'),
      );
      for (const doc of docs) {
        const crd = doc.toJS();
        if (crd?.kind !== 'CustomResourceDefinition') continue;
        const res = await kubeHttp(url, {
          method: 'POST',
          path: '/apis/apiextensions.k8s.io/v1/customresourcedefinitions',
          token,
          body: crd,
        });
        if (res.status !== 201) {
          throw new Error(
            `applying CRD ${crd.metadata?.name} from ${path.join(dir, file)}: ${
              res.status
            } ${res.body?.message ?? res.text}`,
          );
        }
        count += 1;
      }
    }
  }
  return count;
}

async function allEstablished(
  url: string,
  token: string,
  expected: number,
): Promise<boolean> {
  const res = await kubeHttp(url, {
    path: '/apis/apiextensions.k8s.io/v1/customresourcedefinitions',
    token,
  });
  if (res.status !== 200) return false;
  const established = (res.body.items as any[]).filter(crd =>
    crd.status?.conditions?.some(
      (c: any) => c.type === 'Established' && c.status === 'True',
    ),
  );
  return established.length >= expected;
}
