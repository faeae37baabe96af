import fs from 'node:fs';
import path from 'node:path';
import { parseEnvFile } from '../envFile';

/** The root directory of this package, found through its own package.json. */
export const PACKAGE_ROOT = path.dirname(
  require.resolve('@internal/real-infra/package.json'),
);

/** The repository root. */
export const REPO_ROOT = path.resolve(PACKAGE_ROOT, '../..');

/** Where scripts/obtain-kubernetes.sh caches its binaries and CRDs. */
export function kubernetesCacheDir(): string {
  const base =
    process.env.REAL_INFRA_CACHE ?? path.join(REPO_ROOT, '.cache/real-infra');
  return path.join(base, 'kubernetes');
}

/** What scripts/obtain-kubernetes.sh obtained: binaries and CRD folders at the pinned versions. */
export interface ObtainedKubernetes {
  kubernetesVersion: string;
  etcdVersion: string;
  kubeApiserver: string;
  etcd: string;
  crdDirs: string[];
}

/** The pinned versions (packages/real-infra/kubernetes/versions.env). */
export function pinnedVersions(): Record<string, string> {
  return parseEnvFile(
    fs.readFileSync(path.join(PACKAGE_ROOT, 'kubernetes/versions.env'), 'utf8'),
  );
}

/**
 * Reads `.cache/real-infra/kubernetes/obtained.env`, written by obtain-kubernetes.sh. Throws,
 * naming the script to run, when something is missing or was obtained for other versions: the
 * suite fails loudly instead of skipping.
 */
export function readObtainedKubernetes(): ObtainedKubernetes {
  const file = path.join(kubernetesCacheDir(), 'obtained.env');
  const hint =
    'run packages/real-infra/scripts/obtain-kubernetes.sh (yarn workspace @internal/real-infra obtain)';
  if (!fs.existsSync(file)) {
    throw new Error(
      `Kubernetes servers not obtained: ${file} is missing; ${hint}`,
    );
  }
  const values = parseEnvFile(fs.readFileSync(file, 'utf8'));
  const pinned = pinnedVersions();
  if (
    values.KUBERNETES_VERSION !== pinned.KUBERNETES_VERSION ||
    values.ETCD_VERSION !== pinned.ETCD_VERSION
  ) {
    throw new Error(
      `The cached Kubernetes servers (kube-apiserver ${values.KUBERNETES_VERSION}, etcd ${values.ETCD_VERSION}) are not the pinned ones (${pinned.KUBERNETES_VERSION}, ${pinned.ETCD_VERSION}); ${hint}`,
    );
  }
  const obtained: ObtainedKubernetes = {
    kubernetesVersion: values.KUBERNETES_VERSION,
    etcdVersion: values.ETCD_VERSION,
    kubeApiserver: values.KUBE_APISERVER,
    etcd: values.ETCD,
    crdDirs: (values.CRD_DIRS ?? '').split(':').filter(Boolean),
  };
  for (const binary of [obtained.kubeApiserver, obtained.etcd]) {
    if (!binary || !fs.existsSync(binary)) {
      throw new Error(`Kubernetes binary ${binary} is missing; ${hint}`);
    }
  }
  for (const dir of obtained.crdDirs) {
    if (!fs.existsSync(path.join(dir, '.complete'))) {
      throw new Error(`CRD folder ${dir} is incomplete; ${hint}`);
    }
  }
  return obtained;
}
