import { GitHttpTestServer, git } from '@internal/plugin-ops-node/testUtils';

/** The GitOps repository of the tests: a real git server with the driver's three revisions. */
export interface GitOpsRepository {
  server: GitHttpTestServer;
  /** The commits of the driver's three deployments, oldest first; the last is the branch head. */
  revisions: string[];
  /** The branch head on the server now. */
  head(): Promise<string>;
  /** A file's text on the server's branch head, or undefined. */
  file(path: string): Promise<string | undefined>;
  /** Puts the branch back at the last revision and forgets the requests (between tests). */
  reset(): Promise<void>;
}

/**
 * Starts a git server whose `main` holds `services/driver` at three revisions: `deploy.yaml` with
 * one replica, then two, then `extra.yaml` added; `services/other/app.yaml` belongs to another
 * Application.
 */
export async function startGitOpsRepository(): Promise<GitOpsRepository> {
  const server = await GitHttpTestServer.start();
  await server.commitDirectly('main', 'services/other/app.yaml', 'other: 1\n');
  const revisions = [
    await server.commitDirectly(
      'main',
      'services/driver/deploy.yaml',
      'replicas: 1\n',
    ),
    await server.commitDirectly(
      'main',
      'services/driver/deploy.yaml',
      'replicas: 2\n',
    ),
    await server.commitDirectly(
      'main',
      'services/driver/extra.yaml',
      'kind: ConfigMap\n',
    ),
  ];
  return {
    server,
    revisions,
    head: () => git(['rev-parse', 'main'], server.repoPath),
    file: path =>
      git(['show', `main:${path}`], server.repoPath).catch(() => undefined),
    reset: async () => {
      await git(
        ['update-ref', 'refs/heads/main', revisions[revisions.length - 1]],
        server.repoPath,
      );
      server.requests.length = 0;
    },
  };
}
