import { V1Service } from '@kubernetes/client-node';
import {
  KongPluginSummary,
  KongUpstreamSummary,
} from '@internal/plugin-kong-common';
import { KongSource, KongSourceResult, KongTarget } from '../types';
import { KubernetesReader } from './KubernetesReader';
import {
  isKongIngress,
  KicNaming,
  KicRoute,
  KONG_ANNOTATIONS,
  kicUpstreamName,
  routesFromHttpRoute,
  routesFromIngress,
  selectsEntity,
  splitList,
} from './kicRoutes';
import { pluginSummary } from './kicPlugins';
import {
  selectorString,
  servicePort,
  targetsFromEndpoints,
  targetsFromEndpointSlices,
  targetsFromPods,
} from './kicUpstreams';

/** Options of {@link KubernetesKongSource}. */
export interface KubernetesKongSourceOptions {
  reader: KubernetesReader;
  /** Ingress class Kong serves (`kong`). */
  ingressClass: string;
  /** How KIC names routes and services. */
  naming: KicNaming;
  /** The Kong proxy Deployment, whose ready replicas are the number of Kong nodes. */
  proxyDeployment?: { namespace: string; name: string };
}

type PluginRef = { name: string; scope: 'route' | 'service'; owner: string };

/**
 * Reads the entity's Kong configuration the way a DB-less Kong Ingress Controller builds it: the
 * entity's Kong Ingresses and HTTPRoutes in its namespace, the KongPlugins / KongClusterPlugins
 * their `konghq.com/plugins` annotations (and those of their Services) name, the global
 * KongClusterPlugins, and the Services' endpoints as upstream targets.
 */
export class KubernetesKongSource implements KongSource {
  readonly kind = 'kubernetes' as const;

  constructor(private readonly options: KubernetesKongSourceOptions) {}

  async read(target: KongTarget): Promise<KongSourceResult> {
    const { reader, ingressClass } = this.options;
    const { namespace, kubernetesId } = target;
    const proxy = this.options.proxyDeployment;
    const [ingresses, httpRoutes, services, globals, kongReplicas] =
      await Promise.all([
        reader.listIngresses(namespace),
        reader.listHttpRoutes(namespace),
        reader.listServices(namespace),
        reader.listGlobalClusterPlugins(),
        proxy && reader.deploymentReadyReplicas(proxy.namespace, proxy.name),
      ]);
    const kicRoutes: KicRoute[] = [
      ...ingresses
        .filter(i => isKongIngress(i, ingressClass))
        .filter(i => selectsEntity(i, kubernetesId))
        .flatMap(i => routesFromIngress(i, this.options.naming)),
      ...(httpRoutes ?? [])
        .map(r => ({ ...r, kind: 'HTTPRoute' }))
        .filter(r => selectsEntity(r, kubernetesId))
        .flatMap(r => routesFromHttpRoute(r, this.options.naming)),
    ];
    const routes = kicRoutes.map(r => r.route);
    const servicesByName = new Map(
      services.map(s => [s.metadata?.name ?? '', s]),
    );
    const warnings: string[] = [];
    const plugins = await this.plugins(
      namespace,
      kicRoutes,
      servicesByName,
      warnings,
    );
    plugins.push(
      ...globals.map(g =>
        pluginSummary(
          g,
          'global',
          routes.map(r => r.name),
        ),
      ),
    );
    const upstreams = await this.upstreams(
      namespace,
      kicRoutes,
      servicesByName,
      warnings,
    );
    if (proxy && kongReplicas === undefined) {
      warnings.push(
        `The Kong proxy Deployment ${proxy.namespace}/${proxy.name} (opsPortal.kong.proxyDeployment) does not exist`,
      );
    }
    return { routes, plugins, upstreams, warnings, kongReplicas };
  }

  /** Route- and service-scoped plugins, each once, with the routes it applies to. */
  private async plugins(
    namespace: string,
    kicRoutes: KicRoute[],
    services: Map<string, V1Service>,
    warnings: string[],
  ): Promise<KongPluginSummary[]> {
    const refs = new Map<string, { ref: PluginRef; routes: Set<string> }>();
    const add = (ref: PluginRef, route: string) => {
      const key = `${ref.scope}|${ref.name}`;
      const entry = refs.get(key) ?? { ref, routes: new Set<string>() };
      entry.routes.add(route);
      refs.set(key, entry);
    };
    for (const { route, origin, pluginNames } of kicRoutes) {
      for (const name of pluginNames) {
        add(
          { name, scope: 'route', owner: `${origin.kind} ${origin.name}` },
          route.name,
        );
      }
      const service = services.get(route.backend.service);
      const serviceAnnotation =
        service?.metadata?.annotations?.[KONG_ANNOTATIONS.plugins];
      for (const name of splitList(serviceAnnotation)) {
        add(
          { name, scope: 'service', owner: `Service ${route.backend.service}` },
          route.name,
        );
      }
    }
    const resolved = await Promise.all(
      [...refs.values()].map(async ({ ref, routes }) => {
        const object =
          (await this.options.reader.getKongPlugin(namespace, ref.name)) ??
          (await this.options.reader.getKongClusterPlugin(ref.name));
        if (!object) {
          warnings.push(
            `${KONG_ANNOTATIONS.plugins} on ${ref.owner} names ${ref.name}, which is neither a KongPlugin in namespace ${namespace} nor a KongClusterPlugin: KIC skips it`,
          );
          return undefined;
        }
        return pluginSummary(object, ref.scope, [...routes]);
      }),
    );
    return resolved.filter((p): p is KongPluginSummary => Boolean(p));
  }

  /** One upstream per backend Service port, with its targets' readiness. */
  private async upstreams(
    namespace: string,
    kicRoutes: KicRoute[],
    services: Map<string, V1Service>,
    warnings: string[],
  ): Promise<KongUpstreamSummary[]> {
    const backends = new Map(
      kicRoutes.map(({ route }) => [
        `${route.backend.service}|${route.backend.port}`,
        route.backend,
      ]),
    );
    const upstreams = await Promise.all(
      [...backends.values()].map(async backend => {
        const service = services.get(backend.service);
        const port = service && servicePort(service, backend.port);
        if (!service || !port) {
          warnings.push(
            `Service ${namespace}/${backend.service} port ${backend.port} does not exist: Kong has no upstream for it`,
          );
          return undefined;
        }
        return {
          name: kicUpstreamName(namespace, backend.service, backend.port),
          ...(await this.targets(namespace, service, port)),
        };
      }),
    );
    return upstreams.filter((u): u is KongUpstreamSummary => Boolean(u));
  }

  private async targets(
    namespace: string,
    service: V1Service,
    port: NonNullable<ReturnType<typeof servicePort>>,
  ): Promise<Omit<KongUpstreamSummary, 'name'>> {
    const { reader } = this.options;
    const name = service.metadata?.name ?? '';
    const slices = await reader.endpointSlices(namespace, name);
    if (slices) {
      return {
        healthSource: 'endpointslices',
        targets: targetsFromEndpointSlices(slices, port),
      };
    }
    const endpoints = await reader.endpoints(namespace, name);
    if (endpoints) {
      return {
        healthSource: 'endpoints',
        targets: targetsFromEndpoints(endpoints, port),
      };
    }
    const selector = service.spec?.selector;
    const pods = selector
      ? await reader.listPods(namespace, selectorString(selector))
      : [];
    return { healthSource: 'pods', targets: targetsFromPods(pods, port) };
  }
}
