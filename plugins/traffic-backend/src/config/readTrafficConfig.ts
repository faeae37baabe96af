import { Config } from '@backstage/config';
import { MIN_ROLLOUT_INTERVAL_SECONDS } from '@internal/plugin-traffic-common';
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
  rollouts: RolloutSettings;
}

/** `opsPortal.traffic.rollouts`: the step loop's pace and limits. */
export interface RolloutSettings {
  /** How often the step loop looks at running rollouts. */
  tickSeconds: number;
  /** Shortest analysis interval a plan may ask for. */
  minIntervalSeconds: number;
  /** How long a written step may take to be live before the rollout pauses. */
  waitTimeoutSeconds: number;
}

/** Defaults of `opsPortal.traffic.rollouts`. */
export const DEFAULT_ROLLOUT_SETTINGS: RolloutSettings = {
  tickSeconds: 10,
  minIntervalSeconds: 30,
  waitTimeoutSeconds: 600,
};

function readRolloutSettings(traffic: Config): RolloutSettings {
  const block = traffic.getOptionalConfig('rollouts');
  const read = (key: keyof RolloutSettings) => {
    const value =
      block?.getOptionalNumber(key) ?? DEFAULT_ROLLOUT_SETTINGS[key];
    if (!Number.isInteger(value) || value < 1 || value > 86_400) {
      throw new Error(
        `Config 'opsPortal.traffic.rollouts.${key}' must be a whole number of seconds from 1 to 86400, not ${value}`,
      );
    }
    return value;
  };
  const settings = {
    tickSeconds: read('tickSeconds'),
    minIntervalSeconds: read('minIntervalSeconds'),
    waitTimeoutSeconds: read('waitTimeoutSeconds'),
  };
  if (settings.minIntervalSeconds < MIN_ROLLOUT_INTERVAL_SECONDS) {
    throw new Error(
      `Config 'opsPortal.traffic.rollouts.minIntervalSeconds' must be at least ${MIN_ROLLOUT_INTERVAL_SECONDS}`,
    );
  }
  return settings;
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
    rollouts: readRolloutSettings(traffic),
  };
}
