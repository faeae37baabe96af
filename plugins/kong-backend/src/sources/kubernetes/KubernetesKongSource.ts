import { V1EndpointSlice, V1Service } from '@kubernetes/client-node';
import {
  KongPluginSummary,
  KongUpstreamSummary,
} from '@internal/plugin-kong-common';
import { KongSource, KongSourceResult, KongTarget } from '../types';
import { KubeObject, KubernetesReader } from './KubernetesReader';
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

/** What the source reads from the cluster in its one round of requests. */
interface KicObjects {
  namespace: string;
  kicRoutes: KicRoute[];
  services: Map<string, V1Service>;
  kongPlugins: Map<string, KubeObject>;
  clusterPlugins: Map<string, KubeObject>;
  /** The namespace's EndpointSlices; undefined when the discovery API is not served. */
  slices?: V1EndpointSlice[];
}

const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

const byName = <T extends { metadata?: { name?: string } }>(items: T[]) =>
  new Map(items.map(item => [item.metadata?.name ?? '', item]));

/**
 * Reads the entity's Kong configuration the way a DB-less Kong Ingress Controller builds it: the
 * entity's Kong Ingresses and HTTPRoutes in its namespace, the KongPlugins / KongClusterPlugins
 * their `konghq.com/plugins` annotations (and those of their Services) name, the global
 * KongClusterPlugins, and the Services' endpoints as upstream targets. Everything is listed in
 * one parallel round of requests per namespace (Ingresses, HTTPRoutes, Services, KongPlugins,
 * KongClusterPlugins, EndpointSlices); only a cluster without the discovery API costs a second
 * round (Endpoints, or Pods).
 */
export class KubernetesKongSource implements KongSource {
  readonly kind = 'kubernetes' as const;

  constructor(private readonly options: KubernetesKongSourceOptions) {}

  async read(target: KongTarget): Promise<KongSourceResult> {
    const { reader, ingressClass } = this.options;
    const { namespace, kubernetesId } = target;
    const proxy = this.options.proxyDeployment;
    const [
      ingresses,
      httpRoutes,
      services,
      kongPlugins,
      clusterPlugins,
      slices,
      kongReplicas,
    ] = await Promise.all([
      reader.listIngresses(namespace),
      reader.listHttpRoutes(namespace),
      reader.listServices(namespace),
      reader.listKongPlugins(namespace),
      reader.listKongClusterPlugins(),
      reader.listEndpointSlices(namespace),
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
    const objects: KicObjects = {
      namespace,
      kicRoutes,
      services: byName(services),
      kongPlugins: byName(kongPlugins),
      clusterPlugins: byName(clusterPlugins),
      slices,
    };
    const warnings: string[] = [];
    const plugins = this.plugins(objects, warnings);
    plugins.push(
      ...clusterPlugins
        .filter(p => p.metadata?.labels?.global === 'true')
        .map(g =>
          pluginSummary(
            g,
            'global',
            routes.map(r => r.name),
          ),
        ),
    );
    const upstreams = await this.upstreams(objects, warnings);
    if (proxy && kongReplicas === undefined) {
      warnings.push(
        `The Kong proxy Deployment ${proxy.namespace}/${proxy.name} (opsPortal.kong.proxyDeployment) does not exist`,
      );
    }
    return { routes, plugins, upstreams, warnings, kongReplicas };
  }

  /** Route- and service-scoped plugins, each once, with the routes it applies to. */
  private plugins(
    objects: KicObjects,
    warnings: string[],
  ): KongPluginSummary[] {
    const { namespace, kicRoutes, services } = objects;
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
    const resolved = [...refs.values()].map(({ ref, routes }) => {
      const object =
        objects.kongPlugins.get(ref.name) ??
        objects.clusterPlugins.get(ref.name);
      if (!object) {
        warnings.push(
          `${KONG_ANNOTATIONS.plugins} on ${ref.owner} names ${ref.name}, which is neither a KongPlugin in namespace ${namespace} nor a KongClusterPlugin: KIC skips it`,
        );
        return undefined;
      }
      return pluginSummary(object, ref.scope, [...routes]);
    });
    return resolved.filter((p): p is KongPluginSummary => Boolean(p));
  }

  /** One upstream per backend Service port, with its targets' readiness. */
  private async upstreams(
    objects: KicObjects,
    warnings: string[],
  ): Promise<KongUpstreamSummary[]> {
    const { namespace, kicRoutes, services } = objects;
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
          ...(await this.targets(objects, service, port)),
        };
      }),
    );
    return upstreams.filter((u): u is KongUpstreamSummary => Boolean(u));
  }

  /** From the namespace's EndpointSlices; without the discovery API, Endpoints or else Pods. */
  private async targets(
    { namespace, slices }: KicObjects,
    service: V1Service,
    port: NonNullable<ReturnType<typeof servicePort>>,
  ): Promise<Omit<KongUpstreamSummary, 'name'>> {
    const { reader } = this.options;
    const name = service.metadata?.name ?? '';
    if (slices) {
      const own = slices.filter(
        s => s.metadata?.labels?.[SERVICE_NAME_LABEL] === name,
      );
      return {
        healthSource: 'endpointslices',
        targets: targetsFromEndpointSlices(own, port),
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
