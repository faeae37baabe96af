/** A route as the overlap check compares it. */
export interface RouteRef {
  namespace: string;
  /** Name of the Ingress. */
  name: string;
  /** Host; undefined matches any host. */
  host?: string;
  path: string;
}

function trimmed(path: string): string {
  const withoutTrailing = path.replace(/\/+$/, '');
  return withoutTrailing === '' ? '/' : withoutTrailing;
}

function covers(prefix: string, path: string): boolean {
  return prefix === '/' || path === prefix || path.startsWith(`${prefix}/`);
}

/**
 * True when two Kong route path prefixes can match the same request: equal, or one is a
 * path-element prefix of the other (`/api` and `/api/orders`; not `/api/order` and
 * `/api/orders`). A trailing `/` does not change a prefix.
 * @public
 */
export function routePathsOverlap(a: string, b: string): boolean {
  const left = trimmed(a);
  const right = trimmed(b);
  return covers(left, right) || covers(right, left);
}

function hostsOverlap(a?: string, b?: string): boolean {
  return !a || !b || a.toLowerCase() === b.toLowerCase();
}

/**
 * The routes of other services that overlap `route`: same or any host and overlapping paths. The
 * service's own Ingress (same namespace and name, from an earlier run) is not another service.
 * @public
 */
export function overlappingRoutes(
  route: RouteRef,
  existing: RouteRef[],
): RouteRef[] {
  return existing.filter(
    other =>
      !(other.namespace === route.namespace && other.name === route.name) &&
      hostsOverlap(route.host, other.host) &&
      routePathsOverlap(route.path, other.path),
  );
}
