import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { parseEnvFile } from '../envFile';
import { PACKAGE_ROOT, REPO_ROOT } from '../kubernetes/obtained';

/** The portal's chart. */
export const CHART_DIR = path.join(REPO_ROOT, 'deploy/helm/ops-portal');

/** A Kubernetes object as Helm renders it. */
export interface RenderedObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [key: string]: any };
  [key: string]: any;
}

/** The outcome of one helm command. */
export interface HelmResult {
  status: number;
  stdout: string;
  stderr: string;
}

/**
 * The helm binary scripts/obtain-helm.sh built (`.cache/real-infra/helm/obtained.env`), at the
 * version pinned in helm/versions.env. Throws, naming the script, when it is missing or another
 * version: the suite fails instead of skipping.
 */
export function obtainedHelm(): { version: string; binary: string } {
  const cache = path.join(
    process.env.REAL_INFRA_CACHE ?? path.join(REPO_ROOT, '.cache/real-infra'),
    'helm',
  );
  const hint =
    'run packages/real-infra/scripts/obtain-helm.sh (yarn workspace @internal/real-infra obtain)';
  const file = path.join(cache, 'obtained.env');
  if (!fs.existsSync(file)) {
    throw new Error(`helm not obtained: ${file} is missing; ${hint}`);
  }
  const obtained = parseEnvFile(fs.readFileSync(file, 'utf8'));
  const pinned = parseEnvFile(
    fs.readFileSync(path.join(PACKAGE_ROOT, 'helm/versions.env'), 'utf8'),
  );
  if (obtained.HELM_VERSION !== pinned.HELM_VERSION) {
    throw new Error(
      `the cached helm is ${obtained.HELM_VERSION}, not the pinned ${pinned.HELM_VERSION}; ${hint}`,
    );
  }
  if (!obtained.HELM || !fs.existsSync(obtained.HELM)) {
    throw new Error(`helm binary ${obtained.HELM} is missing; ${hint}`);
  }
  return { version: obtained.HELM_VERSION, binary: obtained.HELM };
}

/**
 * Runs helm with its state in a temporary home (no repositories, no plugins, no cluster: the
 * commands used here read only the chart).
 */
export function runHelm(args: string[]): HelmResult {
  const { binary } = obtainedHelm();
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-home-'));
  try {
    const result = spawnSync(binary, args, {
      encoding: 'utf8',
      timeout: 60_000,
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: home,
        HELM_CACHE_HOME: path.join(home, 'cache'),
        HELM_CONFIG_HOME: path.join(home, 'config'),
        HELM_DATA_HOME: path.join(home, 'data'),
        KUBECONFIG: path.join(home, 'no-kubeconfig'),
      },
    });
    if (result.error) throw result.error;
    return {
      status: result.status ?? -1,
      stdout: result.stdout,
      stderr: result.stderr,
    };
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}

/** Writes values to a temporary file and answers helm's `-f <file>` arguments (none for none). */
function valuesArgs(values: object | undefined, dir: string): string[] {
  if (!values) return [];
  const file = path.join(dir, 'values.yaml');
  fs.writeFileSync(file, stringify(values));
  return ['-f', file];
}

function withValuesDir<T>(fn: (dir: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-values-'));
  try {
    return fn(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** `helm lint --strict` of the chart with the given values over values.yaml. */
export function lintChart(values?: object): HelmResult {
  return withValuesDir(dir =>
    runHelm(['lint', '--strict', CHART_DIR, ...valuesArgs(values, dir)]),
  );
}

/** `helm template`: the raw result (for refusals). */
export function templateChart(
  release: string,
  namespace: string,
  values?: object,
): HelmResult {
  return withValuesDir(dir =>
    runHelm([
      'template',
      release,
      CHART_DIR,
      '--namespace',
      namespace,
      ...valuesArgs(values, dir),
    ]),
  );
}

/** `helm template`, parsed: the objects in Helm's install order. Throws with helm's message. */
export function renderChart(
  release: string,
  namespace: string,
  values?: object,
): RenderedObject[] {
  const result = templateChart(release, namespace, values);
  if (result.status !== 0) {
    throw new Error(
      `helm template failed (${result.status}): ${result.stderr}`,
    );
  }
  return parseAllDocuments(result.stdout)
    .map(doc => {
      if (doc.errors.length > 0) {
        throw new Error(`helm template printed invalid YAML: ${doc.errors[0]}`);
      }
      return doc.toJS();
    })
    .filter(Boolean);
}
