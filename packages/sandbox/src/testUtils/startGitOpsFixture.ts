import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { MemoryClusterStore } from '../cluster/MemoryClusterStore';
import { ArgoCdReconciler } from '../argocd/ArgoCdReconciler';
import { GitServer } from '../git/GitServer';

/** A git server, an in-memory cluster and an Argo CD reconciler over fresh temp state. */
export interface GitOpsFixture {
  dataDir: string;
  git: GitServer;
  store: MemoryClusterStore;
  reconciler: ArgoCdReconciler;
  errors: Error[];
  stop(): Promise<void>;
}

/**
 * Starts the fixture; `pollSeconds` defaults to an hour so tests drive polls explicitly,
 * `operationDelayMs` (how long requested operations stay Running) to 0.
 */
export async function startGitOpsFixture(
  options: { pollSeconds?: number; operationDelayMs?: number } = {},
): Promise<GitOpsFixture> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'sandbox-argocd-'));
  const git = await GitServer.start({ dataDir, repository: 'gitops', port: 0 });
  const store = new MemoryClusterStore();
  const errors: Error[] = [];
  const reconciler = new ArgoCdReconciler({
    store,
    gitRoot: path.join(dataDir, 'git'),
    appsRepository: 'gitops',
    pollSeconds: options.pollSeconds ?? 3600,
    operationDelayMs: options.operationDelayMs,
    onError: error => errors.push(error),
  });
  await reconciler.start();
  return {
    dataDir,
    git,
    store,
    reconciler,
    errors,
    async stop() {
      await reconciler.stop();
      await git.stop();
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}
