import {
  Configuration,
  KubeConfig,
  RequestContext,
  ServerConfiguration,
  createConfiguration,
} from '@kubernetes/client-node';
import type { ConfiguredCluster } from '../config/readConfiguredCluster';

/**
 * A `@kubernetes/client-node` configuration for one configured cluster: its URL, TLS settings and
 * service-account token (under the user name `user`, which shows up in nothing but the client's
 * own kubeconfig), and a timeout on every request, which `signal` (a task's cancel signal, say)
 * may end sooner. Pass it to the `*Api` classes.
 * @public
 */
export function clusterApiConfiguration(
  cluster: ConfiguredCluster,
  options: { user: string; timeoutMs: number; signal?: AbortSignal },
): Configuration {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [
      {
        name: cluster.name,
        server: cluster.url,
        skipTLSVerify: cluster.skipTLSVerify,
        caData: cluster.caData,
      },
    ],
    users: [{ name: options.user, token: cluster.serviceAccountToken }],
    contexts: [
      { name: cluster.name, cluster: cluster.name, user: options.user },
    ],
    currentContext: cluster.name,
  });
  return createConfiguration({
    baseServer: new ServerConfiguration(cluster.url, {}),
    authMethods: { default: kubeConfig },
    promiseMiddleware: [
      {
        pre: async (context: RequestContext) => {
          const timeout = AbortSignal.timeout(options.timeoutMs);
          context.setSignal(
            options.signal
              ? AbortSignal.any([timeout, options.signal])
              : timeout,
          );
          return context;
        },
        post: async response => response,
      },
    ],
  });
}
