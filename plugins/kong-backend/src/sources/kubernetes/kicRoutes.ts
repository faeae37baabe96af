import { V1Ingress } from '@kubernetes/client-node';
import { isTrue, KongRouteSummary } from '@internal/plugin-kong-common';
import { KUBERNETES_ID_ANNOTATION } from '@internal/plugin-ops-common';
import { KubeObject } from './KubernetesReader';

/**
 * How the Kong Ingress Controller turns Ingresses and HTTPRoutes into Kong routes, as far as the
 * card shows them: names, paths, hosts, methods and the `konghq.com/*` annotations. Pure
 * functions over the Kubernetes objects.
 */

/** Kong's `konghq.com/*` annotations the card reads. */
export const KONG_ANNOTATIONS = {
  plugins: 'konghq.com/plugins',
  stripPath: 'konghq.com/strip-path',
  preserveHost: 'konghq.com/preserve-host',
  methods: 'konghq.com/methods',
  protocols: 'konghq.com/protocols',
} as const;

/** A route together with the object it came from and the plugins that object names. */
export interface KicRoute {
  route: KongRouteSummary;
  origin: { kind: 'Ingress' | 'HTTPRoute'; name: string };
  /** Plugin names from the object's `konghq.com/plugins` annotation. */
  pluginNames: string[];
}

/** `a, b,,c` → `['a', 'b', 'c']`. */
export function splitList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map(v => v.trim())
    .filter(Boolean);
}

/**
 * How the Kong Ingress Controller names what it generates:
 * - `kic2` — KIC 2.x's legacy Ingress translator: one route per Ingress path,
 *   `<ns>.<ingress>.<rule index><path index>`; service `<ns>.<svc>.pnum-<port>` (`pname-<name>`).
 * - `kic3` — KIC 3.x combined routes: `<ns>.<ingress>.<svc>.<host>.<port>` (empty host: two dots,
 *   `*` → `_`); service `<ns>.<svc>.<port>`.
 * The prometheus plugin reports these names as the `route` and `service` labels, so they must
 * match the metrics card's.
 */
export type KicNaming = 'kic2' | 'kic3';

/** KIC's Kong service name for a Kubernetes Service port. */
export function kicServiceName(
  namespace: string,
  service: string,
  port: number | string,
  naming: KicNaming,
): string {
  if (naming === 'kic3') return `${namespace}.${service}.${port}`;
  return typeof port === 'number'
    ? `${namespace}.${service}.pnum-${port}`
    : `${namespace}.${service}.pname-${port}`;
}

/** KIC's upstream name for a Kubernetes Service port: `<svc>.<ns>.<port>.svc`. */
export function kicUpstreamName(
  namespace: string,
  service: string,
  port: number | string,
): string {
  return `${service}.${namespace}.${port}.svc`;
}

function routeOptions(annotations: Record<string, string>) {
  const methods = splitList(annotations[KONG_ANNOTATIONS.methods]).map(m =>
    m.toUpperCase(),
  );
  const protocols = splitList(annotations[KONG_ANNOTATIONS.protocols]);
  return {
    methods,
    // KIC's defaults: strip_path off, preserve_host on, http + https.
    stripPath: isTrue(annotations[KONG_ANNOTATIONS.stripPath]),
    preserveHost:
      annotations[KONG_ANNOTATIONS.preserveHost] === undefined
        ? true
        : isTrue(annotations[KONG_ANNOTATIONS.preserveHost]),
    protocols: protocols.length ? protocols : ['http', 'https'],
  };
}

/** True when an Ingress is for Kong: `spec.ingressClassName` or the legacy class annotation. */
export function isKongIngress(ingress: V1Ingress, ingressClass: string) {
  const legacy = ingress.metadata?.annotations?.['kubernetes.io/ingress.class'];
  return (ingress.spec?.ingressClassName ?? legacy) === ingressClass;
}

function ingressBackends(ingress: V1Ingress): string[] {
  return (ingress.spec?.rules ?? []).flatMap(rule =>
    (rule.http?.paths ?? []).map(p => p.backend.service?.name ?? ''),
  );
}

function httpRouteBackends(route: KubeObject): string[] {
  return (route.spec?.rules ?? []).flatMap((rule: any) =>
    (rule.backendRefs ?? []).map((ref: any) => ref.name as string),
  );
}

/** The entity's objects: labelled with its kubernetes-id, or routing to the Service of that name. */
export function selectsEntity(
  object: V1Ingress | KubeObject,
  kubernetesId: string,
): boolean {
  if (object.metadata?.labels?.[KUBERNETES_ID_ANNOTATION] === kubernetesId) {
    return true;
  }
  const backends =
    (object as KubeObject).kind === 'HTTPRoute'
      ? httpRouteBackends(object as KubeObject)
      : ingressBackends(object as V1Ingress);
  return backends.includes(kubernetesId);
}

/**
 * The Kong routes of an Ingress: one per path (`kic2`), or one per rule host, Service and port
 * combining their paths (`kic3`).
 */
export function routesFromIngress(
  ingress: V1Ingress,
  naming: KicNaming,
): KicRoute[] {
  const namespace = ingress.metadata?.namespace ?? 'default';
  const name = ingress.metadata?.name ?? '';
  const annotations = ingress.metadata?.annotations ?? {};
  const options = routeOptions(annotations);
  const byKey = new Map<string, KicRoute>();
  (ingress.spec?.rules ?? []).forEach((rule, ruleIndex) => {
    (rule.http?.paths ?? []).forEach((path, pathIndex) => {
      const service = path.backend.service;
      if (!service) return;
      const port: number | string =
        service.port?.number ?? service.port?.name ?? 80;
      const host = rule.host ?? '';
      const routeName =
        naming === 'kic3'
          ? `${namespace}.${name}.${service.name}.${host.replace(
              /\*/g,
              '_',
            )}.${port}`
          : `${namespace}.${name}.${ruleIndex}${pathIndex}`;
      let entry = byKey.get(routeName);
      if (!entry) {
        entry = {
          origin: { kind: 'Ingress', name },
          pluginNames: splitList(annotations[KONG_ANNOTATIONS.plugins]),
          route: {
            name: routeName,
            kongService: kicServiceName(namespace, service.name, port, naming),
            paths: [],
            hosts: host ? [host] : [],
            ...options,
            backend: { service: service.name, port },
          },
        };
        byKey.set(routeName, entry);
      }
      entry.route.paths.push(path.path ?? '/');
    });
  });
  return [...byKey.values()];
}

/**
 * The Kong routes of an HTTPRoute: one per rule, named `httproute.<ns>.<name>.<rule>.0` after
 * KIC; the first backendRef is the backend shown.
 */
export function routesFromHttpRoute(
  httpRoute: KubeObject,
  naming: KicNaming,
): KicRoute[] {
  const namespace = httpRoute.metadata?.namespace ?? 'default';
  const name = httpRoute.metadata?.name ?? '';
  const annotations = httpRoute.metadata?.annotations ?? {};
  const options = routeOptions(annotations);
  const hosts: string[] = httpRoute.spec?.hostnames ?? [];
  return (httpRoute.spec?.rules ?? []).flatMap((rule: any, index: number) => {
    const backend = rule.backendRefs?.[0];
    if (!backend?.name) return [];
    const port: number | string = backend.port ?? 80;
    const matches: any[] = rule.matches ?? [];
    const methods = [
      ...new Set(matches.map(m => m.method).filter(Boolean) as string[]),
    ];
    return [
      {
        origin: { kind: 'HTTPRoute' as const, name },
        pluginNames: splitList(annotations[KONG_ANNOTATIONS.plugins]),
        route: {
          name: `httproute.${namespace}.${name}.${index}.0`,
          kongService: kicServiceName(namespace, backend.name, port, naming),
          paths: matches.length
            ? matches.map(m => m.path?.value ?? '/')
            : ['/'],
          hosts,
          ...options,
          methods: methods.length ? methods : options.methods,
          backend: { service: backend.name, port },
        },
      },
    ];
  });
}
