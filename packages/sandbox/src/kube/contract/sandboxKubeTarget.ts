import { randomBytes } from 'node:crypto';
import { closeServer, listenOnLoopback } from '../../listen';
import { MemoryClusterStore } from '../../cluster/MemoryClusterStore';
import { createKubeApiRouter } from '../createKubeApiRouter';
import { KubernetesContractTarget } from './kubeHttp';

/** The sandbox's Kubernetes API on a free loopback port, as a contract-suite target. */
export interface SandboxKubernetesTarget extends KubernetesContractTarget {
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
