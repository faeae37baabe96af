import { randomBytes } from 'node:crypto';
import { closeServer, listenOnLoopback } from '../listen';
import { MemoryClusterStore } from '../cluster/MemoryClusterStore';
import { createKubeApiRouter } from './createKubeApiRouter';

/**
 * The sandbox's Kubernetes API on a free loopback port: what a client needs to reach it (the
 * shape of `KubernetesContractTarget` in `@internal/platform-contracts`) and its store.
 */
export interface SandboxKubernetesTarget {
  /** `sandbox`, for test names. */
  name: string;
  /** Base URL, `http://127.0.0.1:<port>`. */
  url: string;
  /** The bearer token the API accepts. */
  token: string;
  store: MemoryClusterStore;
  stop(): Promise<void>;
}

/**
 * Starts the sandbox's Kubernetes API stand-in over a fresh in-memory cluster on a free
 * 127.0.0.1 port with a random token: the same stand-in `yarn sandbox` serves, without the
 * controller and the demo services.
 */
export async function startSandboxKubernetesTarget(): Promise<SandboxKubernetesTarget> {
  const store = new MemoryClusterStore();
  const token = randomBytes(16).toString('hex');
  const { server, port } = await listenOnLoopback(
    'Kubernetes API (contract target)',
    createKubeApiRouter({ store, token }),
    0,
  );
  return {
    name: 'sandbox',
    url: `http://127.0.0.1:${port}`,
    token,
    store,
    stop: () => closeServer(server),
  };
}
