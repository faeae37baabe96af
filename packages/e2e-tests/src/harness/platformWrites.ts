import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ARGOCD_OPERATION_DELAY_ANNOTATION } from '@internal/sandbox';
import { GITOPS_REPO_URL } from './platform';

/**
 * Changes to the local platform made the way another writer or an operator would make them,
 * outside the portal: a commit pushed to the GitOps repository with the git CLI, and Argo CD API
 * calls with the dev writer token of app-config.yaml (`opsPortal.argocd.writers`).
 */

const ARGOCD_URL = 'http://127.0.0.1:7172';
/** The Argo CD writer token of app-config.yaml (`opsPortal.argocd.writers`). */
const ARGOCD_WRITER_TOKEN = 'sandbox-dev-token';

const execFileAsync = promisify(execFile);

async function git(args: string[], cwd?: string): Promise<string> {
  const { stdout } = await execFileAsync('git', args, {
    cwd,
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0' },
  });
  return stdout.trim();
}

/**
 * Clones the GitOps repository, rewrites one file with `edit`, commits it as `author` and pushes
 * to `main` with the git CLI. Returns the new commit.
 */
export async function pushGitOpsCommit(options: {
  path: string;
  edit: (content: string) => string;
  message: string;
  author: { name: string; email: string };
}): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'ops-e2e-writer-'));
  try {
    await git(['clone', '--quiet', GITOPS_REPO_URL, dir]);
    const file = join(dir, options.path);
    const before = readFileSync(file, 'utf8');
    const after = options.edit(before);
    if (after === before) {
      throw new Error(`the edit of ${options.path} changed nothing`);
    }
    writeFileSync(file, after);
    await git(
      [
        '-c',
        `user.name=${options.author.name}`,
        '-c',
        `user.email=${options.author.email}`,
        'commit',
        '--quiet',
        '-m',
        options.message,
        '--',
        options.path,
      ],
      dir,
    );
    await git(['push', '--quiet', 'origin', 'HEAD:refs/heads/main'], dir);
    return await git(['rev-parse', 'HEAD'], dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function argoCd<T>(
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const res = await fetch(`${ARGOCD_URL}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${ARGOCD_WRITER_TOKEN}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) {
    throw new Error(
      `${method} ${path}: HTTP ${res.status} ${await res.text()}`,
    );
  }
  return (await res.json()) as T;
}

interface Application {
  metadata: {
    name: string;
    annotations?: Record<string, string>;
    labels?: Record<string, string>;
    finalizers?: string[];
  };
  spec: unknown;
}

/**
 * Sets (a number of milliseconds) or removes (undefined) the sandbox's per-Application operation
 * delay, `sandbox.ops-portal/operation-delay-ms`, by updating the Application through the Argo CD
 * API (`PUT /api/v1/applications/{name}`). Syncs and rollbacks requested afterwards stay `Running`
 * that long, until they are terminated.
 */
export async function setArgoCdOperationDelay(
  name: string,
  delayMs: number | undefined,
): Promise<void> {
  const path = `/api/v1/applications/${encodeURIComponent(name)}`;
  const app = await argoCd<Application>('GET', path);
  const annotations = { ...app.metadata.annotations };
  if (delayMs === undefined) {
    delete annotations[ARGOCD_OPERATION_DELAY_ANNOTATION];
  } else {
    annotations[ARGOCD_OPERATION_DELAY_ANNOTATION] = String(delayMs);
  }
  const updated = await argoCd<Application>('PUT', path, {
    metadata: {
      name: app.metadata.name,
      labels: app.metadata.labels,
      annotations,
      finalizers: app.metadata.finalizers,
    },
    spec: app.spec,
  });
  if (
    updated.metadata.annotations?.[ARGOCD_OPERATION_DELAY_ANNOTATION] !==
    (delayMs === undefined ? undefined : String(delayMs))
  ) {
    throw new Error(`the operation delay of ${name} was not updated`);
  }
}

/** Starts a sync of the Application through the Argo CD API, as an operator would. */
export async function startArgoCdSync(name: string): Promise<void> {
  await argoCd(
    'POST',
    `/api/v1/applications/${encodeURIComponent(name)}/sync`,
    {},
  );
}

/** Terminates the Application's running operation through the Argo CD API. */
export async function terminateArgoCdOperation(name: string): Promise<void> {
  await argoCd(
    'DELETE',
    `/api/v1/applications/${encodeURIComponent(name)}/operation`,
  );
}
