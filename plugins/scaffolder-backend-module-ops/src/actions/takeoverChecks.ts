import { Entity } from '@backstage/catalog-model';
import { ownerEntityRef } from '@internal/plugin-ops-common';
import type { ArgoApplication } from '@internal/plugin-ops-node';
import yaml from 'yaml';
import { sameRepoUrl } from '../argocd/applicationManifest';
import { applicationOwner } from '../argocd/applicationOwner';
import type { GitOpsServiceState } from '../gitops/serviceState';
import { clientMarker } from '../keycloak/clientMarker';

/**
 * Pure checks that decide whether something that already exists under a service's name may be
 * reused by a run for `owner`. Each returns undefined when it may, or a sentence that names what
 * exists and who owns it.
 */

/**
 * An owner as a full, lower-case entity ref (`team-a` → `group:default/team-a`, ops-common's
 * `ownerEntityRef`); a value that is no entity ref is compared as itself, trimmed and lower-cased.
 */
export function normalizeOwner(
  owner: string,
  defaultNamespace = 'default',
): string {
  return (
    ownerEntityRef(owner, defaultNamespace) ??
    owner.trim().toLocaleLowerCase('en-US')
  );
}

/** True when both name the same owner (entity refs compare case-insensitively). */
export function sameOwner(a: string | undefined, b: string): boolean {
  return a !== undefined && normalizeOwner(a) === normalizeOwner(b);
}

/** A catalog Component of the same name that is not `owner`'s. */
export function catalogComponentProblem(
  components: Entity[],
  owner: string,
): string | undefined {
  for (const entity of components) {
    const namespace = entity.metadata.namespace ?? 'default';
    const raw = (entity.spec as { owner?: unknown } | undefined)?.owner;
    const entityOwner =
      typeof raw === 'string' ? normalizeOwner(raw, namespace) : undefined;
    const ref = `component:${namespace}/${entity.metadata.name}`;
    if (!entityOwner) {
      return `The catalog already has ${ref}, which names no owner`;
    }
    if (entityOwner !== normalizeOwner(owner)) {
      return `The catalog already has ${ref}, owned by ${entityOwner}`;
    }
  }
  return undefined;
}

/** The owners a service's files in the GitOps repository name (catalog-info and Application). */
export function gitopsOwners(state: GitOpsServiceState): string[] {
  const owners: string[] = [];
  if (state.catalogInfo !== undefined) {
    for (const doc of parseDocuments(state.catalogInfo)) {
      const owner = doc?.spec?.owner;
      if (doc?.kind === 'Component' && typeof owner === 'string') {
        owners.push(normalizeOwner(owner, doc?.metadata?.namespace));
      }
    }
  }
  if (state.application !== undefined) {
    for (const doc of parseDocuments(state.application)) {
      const owner = applicationOwner(doc ?? {});
      if (owner) owners.push(normalizeOwner(owner));
    }
  }
  return owners;
}

/** Files of the service in the repository that are not `owner`'s, or carry no owner at all. */
export function gitopsServiceProblem(
  state: GitOpsServiceState,
  owner: string,
): string | undefined {
  if (state.paths.length === 0) return undefined;
  const where = `The GitOps repository (branch '${
    state.branch
  }') already has ${describePaths(state)}`;
  const owners = gitopsOwners(state);
  if (owners.length === 0) {
    return `${where}, with no owner (no spec.owner in services/${state.name}/catalog-info.yaml, no ops-portal/owner annotation in apps/${state.name}.yaml)`;
  }
  const other = owners.find(o => o !== normalizeOwner(owner));
  return other ? `${where}, owned by ${other}` : undefined;
}

/** What a service's Argo CD Application must look like to be `owner`'s earlier run. */
export type ExpectedApplication = {
  owner: string;
  repoUrl?: string;
  /** `services/<name>`. */
  path: string;
};

/** An existing Argo CD Application that is not the same owner's Application of the same path. */
export function argoApplicationProblem(
  existing: ArgoApplication,
  expected: ExpectedApplication,
): string | undefined {
  const name = existing.metadata.name;
  const owner = applicationOwner(existing);
  if (!owner) {
    return `Argo CD already has Application '${name}', which the portal did not create for an owner (no ops-portal/owner annotation)`;
  }
  if (!sameOwner(owner, expected.owner)) {
    return `Argo CD already has Application '${name}', owned by ${normalizeOwner(
      owner,
    )}`;
  }
  const spec = existing.spec ?? {};
  const sources: Array<{ repoURL?: string; path?: string }> =
    spec.sources ?? (spec.source ? [spec.source] : []);
  const same =
    sources.length === 1 &&
    sources[0].path === expected.path &&
    (!expected.repoUrl ||
      sameRepoUrl(String(sources[0].repoURL ?? ''), expected.repoUrl));
  if (!same) {
    return `Argo CD already has Application '${name}' of ${normalizeOwner(
      owner,
    )}, but it deploys ${
      sources.map(s => `${s.repoURL} ${s.path}`).join(', ') || 'another source'
    }, not ${expected.path}`;
  }
  return undefined;
}

/** Built-in Keycloak clients of every realm, which no service may take. */
export const BUILT_IN_CLIENT_IDS = [
  'account',
  'account-console',
  'admin-cli',
  'broker',
  'realm-management',
  'security-admin-console',
] as const;

/** A client id a service may not use: a built-in one, a `*-realm` one, or the portal's admin client. */
export function reservedClientIdProblem(
  clientId: string,
  adminClientId: string,
): string | undefined {
  const id = clientId.toLocaleLowerCase('en-US');
  if (
    (BUILT_IN_CLIENT_IDS as readonly string[]).includes(id) ||
    id.endsWith('-realm') ||
    id === adminClientId.toLocaleLowerCase('en-US')
  ) {
    return `Keycloak client id '${clientId}' is reserved (a built-in or administrative client); a service cannot use it`;
  }
  return undefined;
}

/** An existing Keycloak client that the portal did not create for this service and owner. */
export function keycloakClientProblem(
  existing: { clientId?: string; attributes?: Record<string, unknown> },
  expected: { service: string; owner: string },
): string | undefined {
  const marker = clientMarker(existing);
  const what = `Keycloak already has client '${existing.clientId}'`;
  if (!marker.service || !marker.owner) {
    return `${what}, which the portal did not create for a service (no ops-portal.service / ops-portal.owner attributes)`;
  }
  if (!sameOwner(marker.owner, expected.owner)) {
    return `${what}, owned by ${normalizeOwner(marker.owner)}`;
  }
  if (marker.service !== expected.service) {
    return `${what}, created for service '${marker.service}'`;
  }
  return undefined;
}

function describePaths(state: GitOpsServiceState): string {
  const folder = state.paths.filter(p => p.startsWith('services/'));
  const parts = [
    folder.length ? `services/${state.name}/ (${folder.length} file(s))` : '',
    state.paths.includes(`apps/${state.name}.yaml`)
      ? `apps/${state.name}.yaml`
      : '',
  ].filter(Boolean);
  return parts.join(' and ');
}

function parseDocuments(text: string): any[] {
  try {
    return yaml.parseAllDocuments(text).map(d => d.toJS());
  } catch {
    return [];
  }
}
