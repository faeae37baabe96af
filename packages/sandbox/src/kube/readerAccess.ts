import { failureStatus, KubeStatus } from './kubeStatus';

/**
 * The read-only identity the sandbox gives the reader token: the portal's read-only service
 * account (deploy/rbac/reader.yaml), which may get, list and watch every kind but Secrets.
 */
export const READER_USER = 'system:serviceaccount:ops-portal:ops-portal-reader';

/** The verbs the reader may use (deploy/rbac: get, list, watch). */
const READER_VERBS = new Set(['get', 'list', 'watch']);
/** Resources the reader may not touch at all. */
const READER_DENIED_RESOURCES = new Set(['secrets']);

/** The authorization attributes kube-apiserver derives from a request (its RequestInfo). */
export interface RequestAttributes {
  verb: string;
  /** Set for resource requests, undefined for non-resource paths (`/api`, `/version`, ...). */
  resource?: {
    group: string;
    plural: string;
    subresource?: string;
    namespace?: string;
    name?: string;
  };
  path: string;
}

const WATCH_VALUES = new Set(['true', '1']);

/** kube-apiserver's RequestInfo for a request: the verb and the resource coordinates. */
export function requestAttributes(
  method: string,
  path: string,
  query: Record<string, unknown>,
): RequestAttributes {
  const nonResourceVerb = method.toLowerCase();
  const segments = path
    .split('/')
    .filter(Boolean)
    .map(s => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
  let rest: string[];
  let group: string;
  if (segments[0] === 'api' && segments.length >= 3) {
    group = '';
    rest = segments.slice(2);
  } else if (segments[0] === 'apis' && segments.length >= 4) {
    group = segments[1];
    rest = segments.slice(3);
  } else {
    return { verb: nonResourceVerb, path };
  }
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length > 1) {
    namespace = rest[1];
    // `namespaces/{ns}` (and its subresources) address the Namespace itself
    if (rest.length > 2 && rest[2] !== 'status' && rest[2] !== 'finalize') {
      rest = rest.slice(2);
    }
  }
  const [plural, name, subresource] = rest;
  const collection = name === undefined;
  const listVerb = WATCH_VALUES.has(String(query.watch)) ? 'watch' : 'list';
  const verbs: Record<string, string> = {
    GET: collection ? listVerb : 'get',
    HEAD: collection ? 'list' : 'get',
    POST: 'create',
    PUT: 'update',
    PATCH: 'patch',
    DELETE: collection ? 'deletecollection' : 'delete',
  };
  return {
    verb: verbs[method] ?? nonResourceVerb,
    resource: { group, plural, subresource, namespace, name },
    path,
  };
}

/**
 * The Status kube-apiserver answers when RBAC denies `user` the request, worded as upstream
 * (`secrets "x" is forbidden: User "..." cannot get resource "secrets" in API group "" in the
 * namespace "driver"`).
 */
export function forbiddenStatus(
  user: string,
  attributes: RequestAttributes,
): KubeStatus {
  const { verb, resource } = attributes;
  if (!resource) {
    return failureStatus(
      'Forbidden',
      `forbidden: User "${user}" cannot ${verb} path "${attributes.path}"`,
    );
  }
  const shown = resource.subresource
    ? `${resource.plural}/${resource.subresource}`
    : resource.plural;
  const scope = resource.namespace
    ? `in the namespace "${resource.namespace}"`
    : 'at the cluster scope';
  const reason = `User "${user}" cannot ${verb} resource "${shown}" in API group "${resource.group}" ${scope}`;
  const qualified = resource.group
    ? `${resource.plural}.${resource.group}`
    : resource.plural;
  const subject = resource.name ? `${qualified} "${resource.name}"` : qualified;
  return failureStatus('Forbidden', `${subject} is forbidden: ${reason}`, {
    ...(resource.name && { name: resource.name }),
    ...(resource.group && { group: resource.group }),
    kind: resource.plural,
  });
}

/**
 * What the reader token may do: get, list and watch every resource except Secrets, and GET the
 * discovery and health paths. Returns the 403 Status of a denied request, undefined when allowed.
 */
export function readerDenial(
  method: string,
  path: string,
  query: Record<string, unknown>,
): KubeStatus | undefined {
  const attributes = requestAttributes(method, path, query);
  const allowed =
    READER_VERBS.has(attributes.verb) &&
    !READER_DENIED_RESOURCES.has(attributes.resource?.plural ?? '');
  const nonResourceRead =
    !attributes.resource && (method === 'GET' || method === 'HEAD');
  return allowed || nonResourceRead
    ? undefined
    : forbiddenStatus(READER_USER, attributes);
}
