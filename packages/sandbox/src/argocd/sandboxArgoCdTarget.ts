import http from 'node:http';
import { AddressInfo } from 'node:net';
import { KubeObject } from '../cluster/types';
import { startGitOpsFixture } from '../testUtils/startGitOpsFixture';
import { createArgoCdRouter } from './createArgoCdRouter';

/** The Argo CD stand-in on a free loopback port over a fresh GitOps repository and cluster. */
export interface SandboxArgoCdTarget {
  /** Base URL, `http://127.0.0.1:<port>`. */
  url: string;
  /** The bearer token the API accepts. */
  token: string;
  /** The admin user `POST /api/v1/session` exchanges for {@link SandboxArgoCdTarget.token}. */
  username: string;
  password: string;
  /** The bare GitOps repository the applications track (`git -C <repoPath> rev-parse main`). */
  repoPath: string;
  /** An application as the stand-in holds it (the Argo CD `Application` object). */
  getApplication(name: string): KubeObject | undefined;
  stop(): Promise<void>;
}

/**
 * Starts the Argo CD stand-in, its git server and an in-memory cluster over fresh temp state,
 * the API on a free 127.0.0.1 port: the same stand-in `yarn sandbox` serves, polls driven by the
 * caller. For tests that hold a client (the portal's Argo CD backend) to the stand-in.
 */
export async function startSandboxArgoCdTarget(
  options: {
    token?: string;
    username?: string;
    password?: string;
    /** How long a requested sync or rollback stays `Running` before it applies (default 0). */
    operationDelayMs?: number;
  } = {},
): Promise<SandboxArgoCdTarget> {
  const token = options.token ?? 'sandbox-argo-token';
  const username = options.username ?? 'admin';
  const password = options.password ?? 'sandbox-password';
  const fixture = await startGitOpsFixture({
    operationDelayMs: options.operationDelayMs,
  });
  const server = http.createServer(
    createArgoCdRouter({
      store: fixture.store,
      reconciler: fixture.reconciler,
      token,
      username,
      password,
    }),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    token,
    username,
    password,
    repoPath: fixture.git.repoPath,
    getApplication: name => fixture.reconciler.getApplication(name),
    async stop() {
      await new Promise<void>(resolve => server.close(() => resolve()));
      await fixture.stop();
    },
  };
}
