import { KubeObject } from '../cluster/types';

/** Fields of an object that are not its desired state. */
const IGNORED_TOP_LEVEL = new Set(['apiVersion', 'kind', 'metadata', 'status']);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * True when every field set in `desired` has the same value in `live`. Fields only present live
 * (defaults, controller-owned fields such as an HPA-managed `replicas`) do not count as drift,
 * which matches what Argo CD reports after `kubectl apply`.
 */
export function containsDesired(desired: unknown, live: unknown): boolean {
  if (Array.isArray(desired)) {
    return (
      Array.isArray(live) &&
      live.length === desired.length &&
      desired.every((item, index) => containsDesired(item, live[index]))
    );
  }
  if (isPlainObject(desired)) {
    return (
      isPlainObject(live) &&
      Object.entries(desired).every(([key, value]) =>
        containsDesired(value, live[key]),
      )
    );
  }
  // YAML and JSON disagree on numbers vs strings only by author error; compare exactly.
  return desired === live;
}

/** True when the live object carries the desired state: body fields, labels and annotations. */
export function isInSync(desired: KubeObject, live: KubeObject | undefined) {
  if (!live) {
    return false;
  }
  for (const [key, value] of Object.entries(desired)) {
    if (!IGNORED_TOP_LEVEL.has(key) && !containsDesired(value, live[key])) {
      return false;
    }
  }
  return (
    containsDesired(
      desired.metadata.labels ?? {},
      live.metadata.labels ?? {},
    ) &&
    containsDesired(
      desired.metadata.annotations ?? {},
      live.metadata.annotations ?? {},
    )
  );
}

function mergeThreeWay(live: unknown, lastApplied: unknown, desired: unknown) {
  if (!isPlainObject(desired) || !isPlainObject(live)) {
    return structuredClone(desired);
  }
  const previous = isPlainObject(lastApplied) ? lastApplied : {};
  const merged: Record<string, unknown> = { ...live };
  for (const key of Object.keys(previous)) {
    if (!(key in desired)) {
      delete merged[key];
    }
  }
  for (const [key, value] of Object.entries(desired)) {
    merged[key] = mergeThreeWay(live[key], previous[key], value);
  }
  return merged;
}

/**
 * Computes what a client-side `kubectl apply` writes: the live object with the desired fields set
 * and the fields removed from the manifest since the last apply deleted; fields nobody declared
 * (e.g. replicas owned by an HPA) are kept.
 */
export function applyOnto(
  desired: KubeObject,
  live: KubeObject | undefined,
  lastApplied: KubeObject | undefined,
): KubeObject {
  if (!live) {
    return structuredClone(desired);
  }
  const { status: _status, ...liveBody } = live;
  const merged = mergeThreeWay(liveBody, lastApplied, desired) as KubeObject;
  merged.metadata = {
    ...merged.metadata,
    resourceVersion: undefined,
  };
  delete merged.metadata.resourceVersion;
  return merged;
}
