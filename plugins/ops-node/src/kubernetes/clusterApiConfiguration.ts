import {
  Configuration,
  KubeConfig,
  RequestContext,
  ServerConfiguration,
  createConfiguration,
} from '@kubernetes/client-node';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { ConfiguredCluster } from '../config/readConfiguredCluster';

/**
 * One keep-alive agent for the cluster's requests. `@kubernetes/client-node` makes a new agent
 * for every request, so every request would open its own connection (and TLS session); this one
 * has the same TLS settings (the cluster's CA, `skipTLSVerify`) and keeps connections open.
 */
function keepAliveAgent(cluster: ConfiguredCluster): HttpAgent | HttpsAgent {
  if (cluster.url.startsWith('http:'))
    return new HttpAgent({ keepAlive: true });
  return new HttpsAgent({
    keepAlive: true,
    ca: cluster.caData ? Buffer.from(cluster.caData, 'base64') : undefined,
    ...(cluster.skipTLSVerify ? { rejectUnauthorized: false } : {}),
  });
}

/**
 * A `@kubernetes/client-node` configuration for one configured cluster: its URL, TLS settings and
 * service-account token (under the user name `user`, which shows up in nothing but the client's
 * own kubeconfig), and a timeout on every request, which `signal` (a task's cancel signal, say)
 * may end sooner. Its requests share one keep-alive agent. Pass it to the `*Api` classes.
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
  const agent = keepAliveAgent(cluster);
  return createConfiguration({
    baseServer: new ServerConfiguration(cluster.url, {}),
    authMethods: {
      default: {
        getName: () => kubeConfig.getName(),
        applySecurityAuthentication: async (context: RequestContext) => {
          // The kubeconfig sets the token and checks the TLS settings, then the shared agent.
          await kubeConfig.applySecurityAuthentication(context);
          context.setAgent(agent);
        },
      },
    },
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
