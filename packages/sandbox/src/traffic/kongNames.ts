/**
 * The Kong service and route names Kong Ingress Controller generates for an Ingress path, which
 * the prometheus plugin reports as the `service` and `route` labels (and the upstream name
 * behind `kong_upstream_target_health`).
 *
 * - `kic2` — KIC 2.x's legacy Ingress translator (`CombinedRoutes` off): service
 *   `<namespace>.<service>.pnum-<port>`, route `<namespace>.<ingress>.<rule index><path index>`.
 * - `kic3` — KIC 3.x (combined routes and services): service `<namespace>.<service>.<port>`,
 *   route `<namespace>.<ingress>.<service>.<host>.<port>` (empty host: two dots; a `*` in the
 *   host becomes `_`).
 *
 * In both, the upstream (Kong service host) is `<service>.<namespace>.<port>.svc`.
 */
export type KongNaming = 'kic2' | 'kic3';

/** The KIC naming flavours the sandbox can imitate. */
export const KONG_NAMINGS: readonly KongNaming[] = ['kic2', 'kic3'];

/** Where an Ingress path leads: the coordinates KIC builds names from. */
export interface IngressPathBackend {
  namespace: string;
  ingress: string;
  /** Index of the rule in `spec.rules` and of the path in its `http.paths`. */
  ruleIndex: number;
  pathIndex: number;
  host: string;
  service: string;
  /** `backend.service.port.number`, or the port name when the Ingress names it. */
  port: number | string;
}

/** Kong's names for one Ingress path. */
export interface KongNames {
  service: string;
  route: string;
  upstream: string;
}

function portPart(port: number | string, naming: KongNaming): string {
  if (naming === 'kic3') return String(port);
  return typeof port === 'number' ? `pnum-${port}` : `pname-${port}`;
}

/** The Kong service, route and upstream names KIC gives an Ingress path. */
export function kongNamesFor(
  backend: IngressPathBackend,
  naming: KongNaming,
): KongNames {
  const { namespace, ingress, service, port } = backend;
  const route =
    naming === 'kic3'
      ? `${namespace}.${ingress}.${service}.${backend.host.replace(
          /\*/g,
          '_',
        )}.${port}`
      : `${namespace}.${ingress}.${backend.ruleIndex}${backend.pathIndex}`;
  return {
    service: `${namespace}.${service}.${portPart(port, naming)}`,
    route,
    upstream: `${service}.${namespace}.${port}.svc`,
  };
}
