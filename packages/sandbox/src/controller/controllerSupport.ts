import { createHash } from 'node:crypto';
import { jsonEqual } from '../cluster/jsonEqual';
import { kubeTimestamp } from '../cluster/kubeNames';
import { ClusterStore, KubeObject, ResourceType } from '../cluster/types';

/** A status condition as workload controllers write them. */
export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  lastTransitionTime?: string;
  lastUpdateTime?: string;
}

/** Looks up a built-in type the controller works on; the store always serves these. */
export function requireType(
  store: ClusterStore,
  apiVersion: string,
  kind: string,
): ResourceType {
  const type = store.typeFor(apiVersion, kind);
  if (!type) {
    throw new Error(`The cluster store does not serve ${apiVersion} ${kind}`);
  }
  return type;
}

/**
 * A condition that keeps its previous timestamps while its status is unchanged, so repeated
 * reconcile passes produce identical statuses (and therefore no writes).
 */
export function condition(
  previous: Condition[] | undefined,
  next: Omit<Condition, 'lastTransitionTime' | 'lastUpdateTime'>,
  options: { withUpdateTime?: boolean } = {},
): Condition {
  const before = previous?.find(c => c.type === next.type);
  const now = kubeTimestamp();
  const unchanged = before?.status === next.status;
  const transition = unchanged ? before?.lastTransitionTime ?? now : now;
  const sameReason = unchanged && before?.reason === next.reason;
  return {
    ...next,
    lastTransitionTime: transition,
    ...(options.withUpdateTime && {
      lastUpdateTime: sameReason ? before?.lastUpdateTime ?? now : now,
    }),
  };
}

/** Writes a status through the /status path only when it differs from the stored one. */
export function writeStatus(
  store: ClusterStore,
  object: KubeObject,
  status: unknown,
): void {
  if (!jsonEqual(object.status, status)) {
    store.updateStatus({ ...object, status });
  }
}

/** True when `owned` names `owner` in its ownerReferences. */
export function isOwnedBy(owned: KubeObject, owner: KubeObject): boolean {
  return (
    owned.metadata.ownerReferences?.some(
      ref => ref.uid === owner.metadata.uid,
    ) ?? false
  );
}

/** The controller ownerReference that ties a dependent to its owner. */
export function controllerReference(owner: KubeObject) {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name,
    uid: owner.metadata.uid!,
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** JSON with sorted keys, so that key order does not change a hash. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(canonicalJson).join(',')}]`;
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}

const HASH_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/**
 * A short, name-safe hash of a pod template, in the spirit of `pod-template-hash` and
 * `controller-revision-hash`: equal templates give equal hashes.
 */
export function templateHash(template: unknown): string {
  const digest = createHash('sha256')
    .update(canonicalJson(template ?? {}))
    .digest();
  let out = '';
  for (let i = 0; i < 10; i++) {
    out += HASH_ALPHABET[digest[i] % HASH_ALPHABET.length];
  }
  return out;
}
