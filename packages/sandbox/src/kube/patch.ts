import { jsonEqual } from '../cluster/jsonEqual';

/**
 * The three PATCH formats of the Kubernetes API, applied to plain JSON documents.
 * Pure functions: they never modify their inputs.
 */

/** Content types the sandbox accepts for PATCH. */
export const PATCH_CONTENT_TYPES = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
} as const;

/** A patch document that cannot be applied (a failed `test`, a missing path, a bad op). */
export class PatchError extends Error {
  name = 'PatchError';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Merges an object patch into a copy of the target: `null` removes a key, any other value is
 * merged into the target's value by `mergeValue`. A patch that is not an object replaces the
 * target. The object step shared by the merge and the strategic merge patch.
 */
function mergeObject(
  target: unknown,
  patch: unknown,
  mergeValue: (current: unknown, value: unknown) => unknown,
): unknown {
  if (!isObject(patch)) {
    return structuredClone(patch);
  }
  const result: Record<string, unknown> = isObject(target)
    ? structuredClone(target)
    : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      delete result[key];
    } else {
      result[key] = mergeValue(result[key], value);
    }
  }
  return result;
}

/** RFC 7386 JSON merge patch: objects merge recursively, `null` removes, anything else replaces. */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  return mergeObject(target, patch, applyMergePatch);
}

function isNamedList(list: unknown[]): list is Array<Record<string, unknown>> {
  return list.every(item => isObject(item) && typeof item.name === 'string');
}

/**
 * A strategic merge patch, simplified: a merge patch in which lists of named objects (containers,
 * env, ports, volumes) are merged element by element on `name`, and `$patch: delete` removes an
 * element. Other lists are replaced, as in a merge patch.
 */
export function applyStrategicMergePatch(
  target: unknown,
  patch: unknown,
): unknown {
  if (
    Array.isArray(patch) &&
    Array.isArray(target) &&
    isNamedList(patch) &&
    isNamedList(target)
  ) {
    const result = target.map(item => structuredClone(item));
    for (const element of patch) {
      const index = result.findIndex(item => item.name === element.name);
      if (element.$patch === 'delete') {
        if (index >= 0) result.splice(index, 1);
      } else if (index >= 0) {
        result[index] = applyStrategicMergePatch(
          result[index],
          element,
        ) as Record<string, unknown>;
      } else {
        result.push(structuredClone(element));
      }
    }
    return result;
  }
  return mergeObject(target, patch, applyStrategicMergePatch);
}

/** One RFC 6902 operation. */
export type JsonPatchOperation =
  | { op: 'add' | 'replace' | 'test'; path: string; value: unknown }
  | { op: 'remove'; path: string }
  | { op: 'move' | 'copy'; from: string; path: string };

function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) {
    throw new PatchError(`invalid JSON pointer "${pointer}"`);
  }
  return pointer
    .slice(1)
    .split('/')
    .map(token => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function resolveParent(doc: unknown, tokens: string[], pointer: string) {
  let node: any = doc;
  for (const token of tokens.slice(0, -1)) {
    if (!Array.isArray(node) && !isObject(node)) {
      throw new PatchError(`path "${pointer}" does not exist`);
    }
    node = Array.isArray(node) ? node[Number(token)] : node[token];
    if (node === undefined) {
      throw new PatchError(`path "${pointer}" does not exist`);
    }
  }
  if (!Array.isArray(node) && !isObject(node)) {
    throw new PatchError(`path "${pointer}" does not exist`);
  }
  return { parent: node as any, key: tokens[tokens.length - 1] };
}

function arrayIndex(
  list: unknown[],
  key: string,
  pointer: string,
  forInsert: boolean,
): number {
  if (forInsert && key === '-') return list.length;
  const index = Number(key);
  const max = forInsert ? list.length : list.length - 1;
  if (!/^\d+$/.test(key) || index > max) {
    throw new PatchError(`array index "${key}" out of range in "${pointer}"`);
  }
  return index;
}

function getAt(doc: unknown, pointer: string): unknown {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) return doc;
  const { parent, key } = resolveParent(doc, tokens, pointer);
  const value = Array.isArray(parent)
    ? parent[arrayIndex(parent, key, pointer, false)]
    : parent[key];
  if (value === undefined) {
    throw new PatchError(`path "${pointer}" does not exist`);
  }
  return value;
}

function removeAt(doc: unknown, pointer: string): void {
  const { parent, key } = resolveParent(doc, parsePointer(pointer), pointer);
  if (Array.isArray(parent)) {
    parent.splice(arrayIndex(parent, key, pointer, false), 1);
  } else if (key in parent) {
    delete parent[key];
  } else {
    throw new PatchError(`path "${pointer}" does not exist`);
  }
}

function addAt(
  doc: unknown,
  pointer: string,
  value: unknown,
  replace: boolean,
): unknown {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) return structuredClone(value);
  const { parent, key } = resolveParent(doc, tokens, pointer);
  if (Array.isArray(parent)) {
    const index = arrayIndex(parent, key, pointer, !replace);
    parent.splice(index, replace ? 1 : 0, structuredClone(value));
  } else {
    if (replace && !(key in parent)) {
      throw new PatchError(`path "${pointer}" does not exist`);
    }
    parent[key] = structuredClone(value);
  }
  return doc;
}

/** RFC 6902 JSON patch: add, remove, replace, move, copy and test. Throws PatchError. */
export function applyJsonPatch(target: unknown, operations: unknown): unknown {
  if (!Array.isArray(operations)) {
    throw new PatchError('a JSON patch must be an array of operations');
  }
  let doc = structuredClone(target);
  for (const operation of operations as JsonPatchOperation[]) {
    switch (operation?.op) {
      case 'add':
        doc = addAt(doc, operation.path, operation.value, false);
        break;
      case 'replace':
        doc = addAt(doc, operation.path, operation.value, true);
        break;
      case 'remove':
        removeAt(doc, operation.path);
        break;
      case 'test':
        if (!jsonEqual(getAt(doc, operation.path), operation.value)) {
          throw new PatchError(`test operation failed at "${operation.path}"`);
        }
        break;
      case 'move': {
        const moved = getAt(doc, operation.from);
        removeAt(doc, operation.from);
        doc = addAt(doc, operation.path, moved, false);
        break;
      }
      case 'copy':
        doc = addAt(doc, operation.path, getAt(doc, operation.from), false);
        break;
      default:
        throw new PatchError(
          `unsupported JSON patch operation "${(operation as any)?.op}"`,
        );
    }
  }
  return doc;
}
