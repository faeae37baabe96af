import { Entity } from '@backstage/catalog-model';

/** How large a generated catalog is. */
export interface CatalogShape {
  components: number;
  groups: number;
  systems: number;
}

/** Business domains the generated component names start with (what users type into search). */
export const DOMAINS = [
  'payments',
  'billing',
  'checkout',
  'inventory',
  'shipping',
  'identity',
  'ledger',
  'pricing',
  'catalog',
  'notifications',
  'reporting',
  'onboarding',
] as const;

const ROLES = ['api', 'worker', 'gateway', 'store', 'ui', 'scheduler', 'sync'];
const LANGUAGES = ['java', 'go', 'typescript', 'python', 'kotlin'];
const TYPES = ['service', 'service', 'service', 'website', 'library'];
const LIFECYCLES = ['production', 'production', 'experimental', 'deprecated'];

/** The signed-in user of the benchmark: a member of the first group. */
export const BENCH_USER = 'bench-user';

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** `team-007`: the name of the `index`-th group (zero-padded to the width of `groups`). */
export function groupName(index: number, groups: number): string {
  return `team-${pad(index, String(Math.max(groups - 1, 1)).length)}`;
}

/** `platform-1`: the name of the `index`-th system (1-based in the name). */
export function systemName(index: number): string {
  return `platform-${index + 1}`;
}

/**
 * The `index`-th component: `<domain>-<role>-<n>`, owned by group `index % groups`, in system
 * `index % systems`; domain, role, language, type and lifecycle cycle through fixed lists so
 * the catalog is the same on every run.
 */
export function componentEntity(index: number, shape: CatalogShape): Entity {
  const domain = DOMAINS[index % DOMAINS.length];
  const role = ROLES[Math.floor(index / DOMAINS.length) % ROLES.length];
  const language = LANGUAGES[index % LANGUAGES.length];
  const name = `${domain}-${role}-${pad(
    index,
    String(shape.components).length,
  )}`;
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      description: `The ${role} of the ${domain} domain, written in ${language}.`,
      tags: [domain, language],
      annotations: {
        'backstage.io/kubernetes-id': name,
      },
    },
    spec: {
      type: TYPES[index % TYPES.length],
      lifecycle: LIFECYCLES[index % LIFECYCLES.length],
      owner: `group:default/${groupName(index % shape.groups, shape.groups)}`,
      ...(shape.systems > 0
        ? { system: systemName(index % shape.systems) }
        : {}),
    },
  };
}

/**
 * The generated catalog: `groups` Groups (teams), the benchmark user (member of the first
 * group), `systems` Systems owned by the first group, and `components` Components spread
 * evenly over the groups and systems.
 */
export function generateCatalog(shape: CatalogShape): Entity[] {
  if (shape.groups < 1) throw new Error('a catalog needs at least one group');
  const entities: Entity[] = [];
  for (let i = 0; i < shape.groups; i++) {
    entities.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: groupName(i, shape.groups) },
      spec: { type: 'team', children: [] },
    });
  }
  entities.push({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: BENCH_USER },
    spec: { memberOf: [groupName(0, shape.groups)] },
  });
  for (let i = 0; i < shape.systems; i++) {
    entities.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'System',
      metadata: { name: systemName(i) },
      spec: { owner: `group:default/${groupName(0, shape.groups)}` },
    });
  }
  for (let i = 0; i < shape.components; i++) {
    entities.push(componentEntity(i, shape));
  }
  return entities;
}

/** How many components group `index` owns in a catalog of `shape`. */
export function componentsOwnedBy(index: number, shape: CatalogShape): number {
  const base = Math.floor(shape.components / shape.groups);
  return base + (index < shape.components % shape.groups ? 1 : 0);
}

/** A catalog file (multi-document YAML; each document is JSON, which YAML reads as is). */
export function catalogFile(entities: Entity[]): string {
  return entities.map(entity => `---\n${JSON.stringify(entity)}\n`).join('');
}
