import http from 'node:http';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import { serveWithHttpBackend } from './httpBackend';
import { acceptPushes, rejectPushes } from './pushHooks';
import { serveRawFile } from './rawFile';
import { ensureSeededRepository } from './seedRepository';

/** Options for {@link GitServer.start}. */
export interface GitServerOptions {
  /** The sandbox's data directory; the repository lives in `<dataDir>/git/<repository>.git`. */
  dataDir: string;
  /** Repository name without `.git`, e.g. `gitops`. */
  repository: string;
  /** Listen port; 0 picks a free one. Always bound to 127.0.0.1. */
  port: number;
  /** Recreate the repository from the seed even if it exists. */
  reset?: boolean;
  /** Overrides the seed directory (defaults to this package's `seed/gitops`). */
  seedDir?: string;
}

/**
 * A real git server over smart HTTP for the sandbox's GitOps repository: `git clone`, `fetch` and
 * `push` work against it exactly as against a hosted git server (no authentication), with the git
 * CLI and with isomorphic-git. `GET /<repository>/raw/<branch>/<path>` serves one file at a
 * branch head, like a git host's raw URL (what Backstage's URL reader fetches).
 */
export class GitServer {
  private constructor(
    private readonly server: http.Server,
    /** Absolute path of the bare repository. */
    readonly repoPath: string,
    /** The repository name, e.g. `gitops`. */
    readonly repository: string,
  ) {}

  /** Creates (or reuses) the bare repository and starts serving it. */
  static async start(options: GitServerOptions): Promise<GitServer> {
    const projectRoot = path.join(options.dataDir, 'git');
    const repoPath = path.join(projectRoot, `${options.repository}.git`);
    await ensureSeededRepository({
      repoPath,
      seedDir: options.seedDir,
      reset: options.reset,
    });
    const repoPathOf = (name: string) =>
      name === options.repository ? repoPath : undefined;
    const server = http.createServer((req, res) => {
      serveRawFile(req, res, repoPathOf)
        .then(served => {
          if (!served) {
            serveWithHttpBackend(req, res, projectRoot);
          }
        })
        .catch(error => {
          res.statusCode = 500;
          res.end(`${(error as Error).message}\n`);
        });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    return new GitServer(server, repoPath, options.repository);
  }

  /** The port actually bound. */
  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** The server's base URL, e.g. `http://127.0.0.1:7173`. */
  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The clone URL of the repository, e.g. `http://127.0.0.1:7173/gitops.git`. */
  get repoUrl(): string {
    return `${this.baseUrl}/${this.repository}.git`;
  }

  /** The raw URL of a file at a branch head, e.g. `http://127.0.0.1:7173/gitops/raw/main/apps/driver.yaml`. */
  rawFileUrl(branch: string, file: string): string {
    return `${this.baseUrl}/${this.repository}/raw/${branch}/${file}`;
  }

  /** Makes every push fail with `message` (a declining `pre-receive` hook); see `rejectPushes`. */
  rejectPushes(message?: string): Promise<void> {
    return rejectPushes(this.repoPath, message);
  }

  /** Accepts pushes again after {@link GitServer.rejectPushes}. */
  acceptPushes(): Promise<void> {
    return acceptPushes(this.repoPath);
  }

  /** Stops listening and closes open connections. */
  async stop(): Promise<void> {
    await new Promise<void>(resolve => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}
