import { VERSION_ALIASES } from '../cluster/builtinResourceTypes';
import { ResourceType } from '../cluster/types';

/** What a discovery document says about one served group/version. */
interface GroupVersion {
  group: string;
  version: string;
  /** The version the objects are stored under (differs only for aliases such as autoscaling/v1). */
  storedVersion: string;
}

const VERBS = ['create', 'delete', 'get', 'list', 'patch', 'update'];

/** The Kubernetes version the sandbox claims to be: a recent minor, marked as the sandbox. */
export const SANDBOX_VERSION = {
  major: '1',
  minor: '31',
  gitVersion: 'v1.31.0-sandbox',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2024-08-13T00:00:00Z',
  goVersion: 'go1.22.5',
  compiler: 'gc',
  platform: 'linux/amd64',
};

/** Every group/version served, including version aliases. */
export function servedGroupVersions(types: ResourceType[]): GroupVersion[] {
  const seen = new Map<string, GroupVersion>();
  for (const t of types) {
    seen.set(`${t.group}/${t.version}`, {
      group: t.group,
      version: t.version,
      storedVersion: t.version,
    });
  }
  for (const alias of VERSION_ALIASES) {
    if (seen.has(`${alias.group}/${alias.storedVersion}`)) {
      seen.set(`${alias.group}/${alias.version}`, { ...alias });
    }
  }
  return [...seen.values()];
}

/** Finds the type serving a plural under a URL's group/version, resolving version aliases. */
export function findServedType(
  types: ResourceType[],
  group: string,
  version: string,
  plural: string,
): { type: ResourceType; servedVersion: string } | undefined {
  const gv = servedGroupVersions(types).find(
    g => g.group === group && g.version === version,
  );
  const type =
    gv &&
    types.find(
      t =>
        t.group === group &&
        t.version === gv.storedVersion &&
        t.plural === plural,
    );
  return type && { type, servedVersion: version };
}

/** `GET /api`. */
export function apiVersions(serverAddress: string) {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

function apiGroup(name: string, versions: GroupVersion[]) {
  // The stored version is the preferred one, as for a real multi-version group.
  const preferred =
    versions.find(v => v.version === v.storedVersion) ?? versions[0];
  return {
    name,
    versions: versions.map(v => ({
      groupVersion: `${name}/${v.version}`,
      version: v.version,
    })),
    preferredVersion: {
      groupVersion: `${name}/${preferred.version}`,
      version: preferred.version,
    },
  };
}

/** `GET /apis`. */
export function apiGroupList(types: ResourceType[]) {
  const byGroup = new Map<string, GroupVersion[]>();
  for (const gv of servedGroupVersions(types).filter(g => g.group !== '')) {
    byGroup.set(gv.group, [...(byGroup.get(gv.group) ?? []), gv]);
  }
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: [...byGroup.entries()].map(([name, versions]) =>
      apiGroup(name, versions),
    ),
  };
}

/** `GET /apis/{group}`, or undefined when the group is not served. */
export function apiGroupDocument(types: ResourceType[], group: string) {
  const versions = servedGroupVersions(types).filter(
    g => g.group === group && group !== '',
  );
  if (versions.length === 0) {
    return undefined;
  }
  return { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(group, versions) };
}

/** `GET /api/v1` or `GET /apis/{group}/{version}`, or undefined when not served. */
export function apiResourceList(
  types: ResourceType[],
  group: string,
  version: string,
) {
  const gv = servedGroupVersions(types).find(
    g => g.group === group && g.version === version,
  );
  if (!gv) {
    return undefined;
  }
  const resources = types
    .filter(t => t.group === group && t.version === gv.storedVersion)
    .flatMap(t => [
      {
        name: t.plural,
        singularName: t.kind.toLowerCase(),
        namespaced: t.namespaced,
        kind: t.kind,
        verbs: VERBS,
      },
      ...(t.statusSubresource === false
        ? []
        : [
            {
              name: `${t.plural}/status`,
              singularName: '',
              namespaced: t.namespaced,
              kind: t.kind,
              verbs: ['get', 'patch', 'update'],
            },
          ]),
    ]);
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: group ? `${group}/${version}` : version,
    resources,
  };
}
