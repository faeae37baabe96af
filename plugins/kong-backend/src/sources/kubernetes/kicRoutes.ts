import { V1Ingress } from '@kubernetes/client-node';
import {
  isTrue,
  KongRouteSummary,
  KUBERNETES_ID_ANNOTATION,
} from '@internal/plugin-ops-common';
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

/** KIC's Kong service name for a Kubernetes Service port: `<ns>.<svc>.pnum-<port>` / `pname-<name>`. */
export function kicServiceName(
  namespace: string,
  service: string,
  port: number | string,
): string {
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
 * The Kong routes of an Ingress. KIC combines the paths of one rule host that go to the same
 * Service port into one route named `<ns>.<ingress>.<svc>.<host|_>.<port>`.
 */
export function routesFromIngress(ingress: V1Ingress): KicRoute[] {
  const namespace = ingress.metadata?.namespace ?? 'default';
  const name = ingress.metadata?.name ?? '';
  const annotations = ingress.metadata?.annotations ?? {};
  const options = routeOptions(annotations);
  const byKey = new Map<string, KicRoute>();
  for (const rule of ingress.spec?.rules ?? []) {
    for (const path of rule.http?.paths ?? []) {
      const service = path.backend.service;
      if (!service) continue;
      const port: number | string =
        service.port?.number ?? service.port?.name ?? 80;
      const key = `${rule.host ?? '_'}|${service.name}|${port}`;
      let entry = byKey.get(key);
      if (!entry) {
        entry = {
          origin: { kind: 'Ingress', name },
          pluginNames: splitList(annotations[KONG_ANNOTATIONS.plugins]),
          route: {
            name: `${namespace}.${name}.${service.name}.${
              rule.host ?? '_'
            }.${port}`,
            kongService: kicServiceName(namespace, service.name, port),
            paths: [],
            hosts: rule.host ? [rule.host] : [],
            ...options,
            backend: { service: service.name, port },
          },
        };
        byKey.set(key, entry);
      }
      entry.route.paths.push(path.path ?? '/');
    }
  }
  return [...byKey.values()];
}

/**
 * The Kong routes of an HTTPRoute: one per rule, named `httproute.<ns>.<name>.<rule>.0` after
 * KIC; the first backendRef is the backend shown.
 */
export function routesFromHttpRoute(httpRoute: KubeObject): KicRoute[] {
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
          kongService: kicServiceName(namespace, backend.name, port),
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
