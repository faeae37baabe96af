import { Config } from '@backstage/config';
import {
  ArgoCdInstance,
  ConfiguredCluster,
  GitOpsSettings,
  readArgoCdWriter,
  readClusterWriter,
  readGitOpsConfig,
} from '@internal/plugin-ops-node';

/** Default timeout of each Kubernetes and Argo CD request, in milliseconds. */
export const DEFAULT_TIMEOUT_MS = 5000;
/** Default timeout of each git command, in milliseconds. */
export const DEFAULT_GIT_TIMEOUT_MS = 30_000;

/** `opsPortal.traffic` and the blocks it points at, read and checked. */
export interface TrafficSettings {
  cluster: ConfiguredCluster;
  argoCd: ArgoCdInstance;
  gitops: GitOpsSettings;
  timeoutMs: number;
  gitTimeoutMs: number;
  syncAfterCommit: boolean;
  istioApiVersion: string;
}

function positive(config: Config, key: string, fallback: number): number {
  const value = config.getOptionalNumber(key) ?? fallback;
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(
      `Config 'opsPortal.traffic.${key}' must be a positive number`,
    );
  }
  return value;
}

/**
 * Reads `opsPortal.traffic`. The cluster and the Argo CD instance are named, not repeated: their
 * URLs come from `kubernetes.clusterLocatorMethods` and `argocd.appLocatorMethods`, the tokens from
 * the writer credentials (`opsPortal.kubernetes.writers`, `opsPortal.argocd.writers`);
 * the repository from `opsPortal.gitops`, the only one the portal holds credentials for.
 */
export function readTrafficConfig(config: Config): TrafficSettings {
  const traffic = config.getOptionalConfig('opsPortal.traffic');
  if (!traffic) {
    throw new Error(
      "Missing config 'opsPortal.traffic': the traffic editor needs at least 'cluster' and 'argocdInstance'",
    );
  }
  const istioApiVersion = traffic.getOptionalString('istioApiVersion') ?? 'v1';
  if (!/^v\d+((alpha|beta)\d+)?$/.test(istioApiVersion)) {
    throw new Error(
      `Config 'opsPortal.traffic.istioApiVersion' must be an API version such as v1 or v1beta1, not '${istioApiVersion}'`,
    );
  }
  return {
    cluster: readClusterWriter(
      config,
      traffic.getString('cluster'),
      'opsPortal.traffic.cluster',
    ),
    argoCd: readArgoCdWriter(
      config,
      traffic.getString('argocdInstance'),
      'opsPortal.traffic.argocdInstance',
    ),
    gitops: readGitOpsConfig(config),
    timeoutMs: positive(traffic, 'timeoutMs', DEFAULT_TIMEOUT_MS),
    gitTimeoutMs: positive(traffic, 'gitTimeoutMs', DEFAULT_GIT_TIMEOUT_MS),
    syncAfterCommit: traffic.getOptionalBoolean('syncAfterCommit') ?? true,
    istioApiVersion,
  };
}
