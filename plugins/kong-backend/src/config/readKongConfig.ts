import { Config } from '@backstage/config';
import {
  ConfiguredCluster,
  readConfiguredCluster,
} from '@internal/plugin-ops-node';

/** Default timeout of each upstream request, in milliseconds. */
export const DEFAULT_TIMEOUT_MS = 5000;

/** A cluster of `kubernetes.clusterLocatorMethods` (type `config`). */
export type KongClusterSettings = ConfiguredCluster;

/** `opsPortal.kong` read and checked. */
export type KongSettings =
  | {
      source: 'kubernetes';
      cluster: KongClusterSettings;
      ingressClass: string;
      naming: 'kic2' | 'kic3';
      timeoutMs: number;
      proxyReplicas?: number;
      proxyDeployment?: { namespace: string; name: string };
    }
  | {
      source: 'admin-api';
      adminApi: {
        url: string;
        token?: string;
        tokenHeader: string;
        timeoutMs: number;
      };
      proxyReplicas?: number;
    };

function readNaming(value: string | undefined): 'kic2' | 'kic3' {
  if (value === undefined || value === 'kic2' || value === 'kic3') {
    return value ?? 'kic2';
  }
  throw new Error(
    `Config 'opsPortal.kong.kicNaming' must be kic2 or kic3, not '${value}'`,
  );
}

/**
 * Reads `opsPortal.kong`. The kubernetes source shares its cluster definition with the
 * Kubernetes plugin (`kubernetes.clusterLocatorMethods`), so credentials live in one place.
 */
export function readKongConfig(config: Config): KongSettings {
  const kong = config.getOptionalConfig('opsPortal.kong');
  const source = kong?.getOptionalString('source') ?? 'kubernetes';
  const proxyReplicas = kong?.getOptionalNumber('proxyReplicas');
  if (source === 'admin-api') {
    const adminApi = kong?.getOptionalConfig('adminApi');
    if (!adminApi) {
      throw new Error(
        "Config 'opsPortal.kong.source' is admin-api but 'opsPortal.kong.adminApi.url' is missing",
      );
    }
    return {
      source,
      proxyReplicas,
      adminApi: {
        url: adminApi.getString('url').replace(/\/+$/, ''),
        token: adminApi.getOptionalString('token'),
        tokenHeader:
          adminApi.getOptionalString('tokenHeader') ?? 'Kong-Admin-Token',
        timeoutMs:
          adminApi.getOptionalNumber('timeoutMs') ?? DEFAULT_TIMEOUT_MS,
      },
    };
  }
  if (source !== 'kubernetes') {
    throw new Error(
      `Config 'opsPortal.kong.source' must be kubernetes or admin-api, not '${source}'`,
    );
  }
  const clusterName = kong?.getOptionalString('cluster');
  if (!clusterName) {
    throw new Error(
      "Missing config 'opsPortal.kong.cluster': the cluster (in kubernetes.clusterLocatorMethods) whose Kong Ingress Controller resources the Kong card reads",
    );
  }
  const deployment = kong?.getOptionalString('proxyDeployment');
  const [deploymentNamespace, deploymentName, ...rest] = (
    deployment ?? ''
  ).split('/');
  if (deployment && (!deploymentNamespace || !deploymentName || rest.length)) {
    throw new Error(
      `Config 'opsPortal.kong.proxyDeployment' must be <namespace>/<name>, not '${deployment}'`,
    );
  }
  return {
    source,
    proxyReplicas,
    proxyDeployment: deployment
      ? { namespace: deploymentNamespace, name: deploymentName }
      : undefined,
    cluster: readConfiguredCluster(
      config,
      clusterName,
      'opsPortal.kong.cluster',
    ),
    ingressClass: kong?.getOptionalString('ingressClass') ?? 'kong',
    naming: readNaming(kong?.getOptionalString('kicNaming')),
    timeoutMs: kong?.getOptionalNumber('timeoutMs') ?? DEFAULT_TIMEOUT_MS,
  };
}
