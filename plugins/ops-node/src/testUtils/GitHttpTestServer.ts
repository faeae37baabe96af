import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

const GIT_ENV = {
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  HOME: os.tmpdir(),
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_AUTHOR_NAME: 'Seed',
  GIT_AUTHOR_EMAIL: 'seed@example.com',
  GIT_COMMITTER_NAME: 'Seed',
  GIT_COMMITTER_EMAIL: 'seed@example.com',
};

/** Runs git with an isolated configuration; resolves with trimmed stdout. */
export function git(args: string[], cwd?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd, env: GIT_ENV }, (error, stdout, stderr) =>
      error
        ? reject(new Error(`git ${args.join(' ')}: ${stderr}`))
        : resolve(stdout.trim()),
    );
  });
}

/** A request the server received: method, path and the Authorization header. */
export type ReceivedRequest = {
  method: string;
  path: string;
  authorization?: string;
};

/**
 * A real git server for tests: a bare repository with one seed commit on `main`, served over
 * smart HTTP by `git http-backend` behind a node http server on 127.0.0.1, port 0. Optionally
 * demands HTTP Basic credentials, like a hosted git server.
 */
export class GitHttpTestServer {
  readonly requests: ReceivedRequest[] = [];
  /** Runs before a push's ref advertisement is served, e.g. to move the branch concurrently. */
  beforeReceivePack?: () => Promise<void>;

  private readonly server: http.Server;

  private constructor(
    readonly root: string,
    readonly repoPath: string,
    basicAuth?: string,
  ) {
    this.server = http.createServer((req, res) => {
      void this.serve(req, res, basicAuth);
    });
  }

  static async start(
    options: { basicAuth?: string } = {},
  ): Promise<GitHttpTestServer> {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'ops-git-server-'));
    const repoPath = path.join(root, 'gitops.git');
    await git(['init', '--quiet', '--bare', '--initial-branch=main', repoPath]);
    await git(['config', 'http.receivepack', 'true'], repoPath);
    const seed = path.join(root, 'seed');
    await git(['init', '--quiet', '--initial-branch=main', seed]);
    await fs.writeFile(path.join(seed, 'README.md'), '# GitOps\n');
    await git(['add', '.'], seed);
    await git(['commit', '--quiet', '-m', 'Seed'], seed);
    await git(['push', '--quiet', repoPath, 'main'], seed);

    const instance = new GitHttpTestServer(root, repoPath, options.basicAuth);
    await new Promise<void>(resolve =>
      instance.server.listen(0, '127.0.0.1', resolve),
    );
    return instance;
  }

  /** Clone URL, e.g. `http://127.0.0.1:41234/gitops.git`. */
  get repoUrl(): string {
    return `http://127.0.0.1:${
      (this.server.address() as AddressInfo).port
    }/gitops.git`;
  }

  /** Installs a server-side `pre-receive` hook script. */
  async setPreReceiveHook(script: string): Promise<void> {
    const hook = path.join(this.repoPath, 'hooks', 'pre-receive');
    await fs.writeFile(hook, script, { mode: 0o755 });
  }

  /** Commits a file straight into a branch of the bare repository (another writer). */
  async commitDirectly(
    branch: string,
    file: string,
    content: string,
  ): Promise<string> {
    const work = await fs.mkdtemp(path.join(this.root, 'other-'));
    await git(['clone', '--quiet', '--branch', branch, this.repoPath, work]);
    await fs.mkdir(path.dirname(path.join(work, file)), { recursive: true });
    await fs.writeFile(path.join(work, file), content);
    await git(['add', '.'], work);
    await git(['commit', '--quiet', '-m', `Other change to ${file}`], work);
    await git(['push', '--quiet', 'origin', branch], work);
    return git(['rev-parse', 'HEAD'], work);
  }

  async stop(): Promise<void> {
    await new Promise<void>(resolve => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
    await fs.rm(this.root, { recursive: true, force: true });
  }

  private async serve(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    basicAuth?: string,
  ) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    this.requests.push({
      method: req.method ?? 'GET',
      path: `${url.pathname}${url.search}`,
      authorization: req.headers.authorization,
    });
    if (
      basicAuth &&
      req.headers.authorization !==
        `Basic ${Buffer.from(basicAuth).toString('base64')}`
    ) {
      res
        .writeHead(401, { 'WWW-Authenticate': 'Basic realm="git"' })
        .end('Unauthorized\n');
      return;
    }
    if (
      url.searchParams.get('service') === 'git-receive-pack' &&
      this.beforeReceivePack
    ) {
      const hook = this.beforeReceivePack;
      this.beforeReceivePack = undefined;
      await hook();
    }
    const child = spawn('git', ['http-backend'], {
      env: {
        ...GIT_ENV,
        GIT_PROJECT_ROOT: this.root,
        GIT_HTTP_EXPORT_ALL: '1',
        REQUEST_METHOD: req.method ?? 'GET',
        PATH_INFO: url.pathname,
        QUERY_STRING: url.search.replace(/^\?/, ''),
        CONTENT_TYPE: req.headers['content-type'] ?? '',
        REMOTE_USER: 'tester',
        REMOTE_ADDR: '127.0.0.1',
        ...(req.headers['content-encoding']
          ? { HTTP_CONTENT_ENCODING: String(req.headers['content-encoding']) }
          : {}),
        ...(req.headers['git-protocol']
          ? { GIT_PROTOCOL: String(req.headers['git-protocol']) }
          : {}),
      },
    });
    req.pipe(child.stdin);
    child.stdin.on('error', () => undefined);
    // CGI output: a header block, a blank line, then the body.
    let head: Buffer | undefined = Buffer.alloc(0);
    child.stdout.on('data', (chunk: Buffer) => {
      if (!head) {
        res.write(chunk);
        return;
      }
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end === -1) return;
      let status = 200;
      for (const line of head
        .subarray(0, end)
        .toString('latin1')
        .split('\r\n')) {
        const [name, ...rest] = line.split(':');
        const value = rest.join(':').trim();
        if (name.toLowerCase() === 'status') status = parseInt(value, 10);
        else res.setHeader(name, value);
      }
      res.statusCode = status;
      res.write(head.subarray(end + 4));
      head = undefined;
    });
    child.on('close', () => res.end());
  }
}
