import { generateKeyPairSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { kubeApiRequest } from '@internal/platform-contracts';
import { parseAllDocuments } from 'yaml';
import { ManagedServer } from '../process/ManagedServer';
import { ProcessMemory } from '../process/processTable';
import { ObtainedKubernetes, readObtainedKubernetes } from './obtained';

/** The user of the static token: in `system:masters`, so cluster-admin under RBAC. */
export const PORTAL_USER = 'ops-portal';

export type { ProcessMemory };

/** The environment of etcd and kube-apiserver: nothing of the test process but PATH. */
const PROCESS_ENV = {
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  HOME: os.tmpdir(),
};

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
 * status subresource). Each process is a {@link ManagedServer} (free ports with a retry when one
 * was taken, readiness with the log tail, stop by process group with reaping); `stop()` ends
 * kube-apiserver, then etcd, and removes the data directory.
 */
export class KubeApiServer {
  private stopped = false;

  private constructor(
    readonly url: string,
    readonly token: string,
    readonly obtained: ObtainedKubernetes,
    readonly timings: KubeStartTimings,
    private readonly dir: string,
    private readonly etcd: ManagedServer,
    private readonly apiServer: ManagedServer,
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
    let etcd: ManagedServer | undefined;
    let apiServer: ManagedServer | undefined;
    const cleanup = async () => {
      await apiServer?.stop().catch(() => undefined);
      await etcd?.stop().catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    };
    try {
      etcd = await ManagedServer.start({
        name: 'etcd',
        ports: 2,
        readyTimeoutMs: timeoutMs,
        stopGraceMs: 10_000,
        pollMs: 200,
        launch: ([clientPort, peerPort], attempt) => {
          const clientUrl = `http://127.0.0.1:${clientPort}`;
          const peerUrl = `http://127.0.0.1:${peerPort}`;
          return {
            command: obtained.etcd,
            args: [
              '--name=real-infra',
              `--data-dir=${path.join(dir, `etcd-${attempt}`)}`,
              `--listen-client-urls=${clientUrl}`,
              `--advertise-client-urls=${clientUrl}`,
              `--listen-peer-urls=${peerUrl}`,
              `--initial-advertise-peer-urls=${peerUrl}`,
              `--initial-cluster=real-infra=${peerUrl}`,
              '--listen-metrics-urls=',
              '--log-level=warn',
              // A throwaway test cluster: durability is not needed, speed is.
              '--unsafe-no-fsync',
            ],
            env: PROCESS_ENV,
            logFile: path.join(dir, `etcd-${attempt}.log`),
            ready: async () =>
              (
                await kubeApiRequest(clientUrl, {
                  path: '/health',
                  timeoutMs: 2000,
                })
              ).body?.health === 'true',
          };
        },
      });
      const etcdUrl = `http://127.0.0.1:${etcd.ports[0]}`;
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
      apiServer = await ManagedServer.start({
        name: 'kube-apiserver',
        ports: 1,
        readyTimeoutMs: timeoutMs,
        stopGraceMs: 10_000,
        pollMs: 200,
        launch: ([securePort], attempt) => {
          const url = `https://127.0.0.1:${securePort}`;
          return {
            command: obtained.kubeApiserver,
            args: [
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
            ],
            env: PROCESS_ENV,
            logFile: path.join(dir, `kube-apiserver-${attempt}.log`),
            ready: async () => {
              const res = await kubeApiRequest(url, {
                path: '/readyz',
                timeoutMs: 5000,
              });
              return res.status === 200 && res.text.trim() === 'ok';
            },
          };
        },
      });
      const url = `https://127.0.0.1:${apiServer.ports[0]}`;
      const apiServerReadyMs = Date.now() - started;

      let crdCount = 0;
      if (options.crds ?? true) {
        crdCount = await applyCrds(url, token, obtained.crdDirs);
        await apiServer.waitUntil(
          'ready with every CRD Established',
          () => allEstablished(url, token, crdCount),
          timeoutMs,
        );
      }
      const crdsEstablishedMs = Date.now() - started;
      for (const name of options.namespaces ?? []) {
        const res = await kubeApiRequest(url, {
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
  get pids(): { etcd: number; apiServer: number } {
    return { etcd: this.etcd.pid, apiServer: this.apiServer.pid };
  }

  /** Current and peak resident memory of both processes. */
  memory(): { etcd?: ProcessMemory; apiServer?: ProcessMemory } {
    return {
      etcd: this.etcd.memory(),
      apiServer: this.apiServer.memory(),
    };
  }

  /** The last lines of kube-apiserver's log (for failure messages). */
  apiServerLog(lines = 40): string {
    return this.apiServer.logTail(lines);
  }

  /** Ends kube-apiserver, then etcd, by PID, and removes their data. Idempotent. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.apiServer.stop();
    await this.etcd.stop();
    fs.rmSync(this.dir, { recursive: true, force: true });
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
        const res = await kubeApiRequest(url, {
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
  const res = await kubeApiRequest(url, {
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
