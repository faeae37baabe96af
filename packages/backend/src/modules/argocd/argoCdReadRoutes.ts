import { InputError } from '@backstage/errors';
import {
  isDns1123Label,
  isDns1123Subdomain,
} from '@internal/plugin-ops-common';

/** A request path segment: what it may hold once decoded. */
type SegmentKind = 'instance' | 'app' | 'selector' | 'revision';

const SEGMENT_RULES: Record<SegmentKind, (value: string) => boolean> = {
  // a name of argocd.appLocatorMethods; looked up in config, never sent upstream
  instance: value =>
    /^[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$/.test(value),
  // a Kubernetes object name (DNS-1123 subdomain): what an Argo CD Application is called
  app: isDns1123Subdomain,
  // a label selector (`a=b,c!=d`, `env in (x,y)`): no `?`, `&`, `#` or `%` to reach the query
  selector: value => /^[A-Za-z0-9][A-Za-z0-9=,!._/ ()-]{0,511}$/.test(value),
  // a commit SHA, tag or chart version; no leading dot, so never `.` or `..`
  revision: value => /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(value),
};

/**
 * The routes of the Roadie Argo CD backend that the Argo CD cards call (the frontend
 * `@roadiehq/backstage-plugin-argo-cd` with `argocd.appLocatorMethods`, and the portal's
 * `OpsArgoCdClient`), all `GET`. Each path segment after the fixed words is named by its kind.
 */
export const ARGOCD_READ_ROUTES: ReadonlyArray<{
  pattern: RegExp;
  segments: SegmentKind[];
}> = [
  { pattern: /^\/find\/name\/([^/]+)$/, segments: ['app'] },
  { pattern: /^\/find\/selector\/([^/]+)$/, segments: ['selector'] },
  {
    pattern: /^\/argoInstance\/([^/]+)\/applications\/name\/([^/]+)$/,
    segments: ['instance', 'app'],
  },
  {
    pattern: /^\/argoInstance\/([^/]+)\/applications\/selector\/([^/]+)$/,
    segments: ['instance', 'selector'],
  },
  {
    pattern:
      /^\/argoInstance\/([^/]+)\/applications\/name\/([^/]+)\/revisions\/([^/]+)\/metadata$/,
    segments: ['instance', 'app', 'revision'],
  },
];

/** What {@link classifyArgoCdRequest} decided. */
export type ArgoCdRequestDecision =
  | { allowed: true }
  | { allowed: false; reason: string };

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new InputError(`Malformed path segment '${segment}'`);
  }
}

/**
 * Decides whether a request to `/api/argocd` may reach the Roadie router: only `GET` on a read
 * route is allowed; every write (create, update, sync, delete, terminate) and every other route is
 * refused. An allowed route whose names or query could steer the upstream URL (`..`, `?`, `/`)
 * throws an InputError. `path` is the request path below the plugin's mount point, undecoded.
 */
export function classifyArgoCdRequest(
  method: string,
  path: string,
  query: Record<string, unknown>,
): ArgoCdRequestDecision {
  const route = ARGOCD_READ_ROUTES.find(r => r.pattern.test(path));
  if (method !== 'GET' || !route) {
    return {
      allowed: false,
      reason: `${method} ${path} is not a read route of the Argo CD cards; Argo CD changes go through the portal's own permission-checked actions`,
    };
  }
  const values = route.pattern.exec(path)!.slice(1).map(decode);
  route.segments.forEach((kind, i) => {
    if (!SEGMENT_RULES[kind](values[i])) {
      throw new InputError(`Invalid ${kind} '${values[i]}'`);
    }
  });
  const { appNamespace, sourceIndex } = query;
  if (
    appNamespace !== undefined &&
    (typeof appNamespace !== 'string' || !isDns1123Label(appNamespace))
  ) {
    throw new InputError('Invalid appNamespace');
  }
  if (
    sourceIndex !== undefined &&
    (typeof sourceIndex !== 'string' || !/^\d{1,3}$/.test(sourceIndex))
  ) {
    throw new InputError('Invalid sourceIndex');
  }
  return { allowed: true };
}
