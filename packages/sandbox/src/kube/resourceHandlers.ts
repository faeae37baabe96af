import { randomUUID } from 'node:crypto';
import { jsonEqual } from '../cluster/jsonEqual';
import { Request } from 'express';
import {
  apiVersionOf,
  BUILTIN_RESOURCE_TYPES,
} from '../cluster/builtinResourceTypes';
import { kubeTimestamp } from '../cluster/kubeNames';
import { parseLabelSelector } from '../cluster/labelSelector';
import { validateObject } from '../cluster/objectValidation';
import { applyApiDefaults } from '../cluster/apiDefaults';
import {
  alreadyExistsError,
  namespaceNotFoundError,
  notFoundError,
  staleVersionError,
} from '../cluster/storeErrors';
import { ClusterStore, KubeObject, ResourceType } from '../cluster/types';
import { failureStatus, KubeStatus, StatusError } from './kubeStatus';
import {
  applyJsonPatch,
  applyMergePatch,
  applyStrategicMergePatch,
  PATCH_CONTENT_TYPES,
  PatchError,
} from './patch';

/** Where a request points: a collection, an object, or an object's status. */
export interface ResourceTarget {
  store: ClusterStore;
  type: ResourceType;
  /** The apiVersion of the URL, stamped on responses (differs from the stored one for aliases). */
  apiVersion: string;
  namespace?: string;
  name?: string;
  subresource?: 'status';
}

/** A handler's answer: an HTTP code and a JSON body. */
export interface HandlerResult {
  code: number;
  body: unknown;
}

function badRequest(message: string): StatusError {
  return new StatusError(failureStatus('BadRequest', message));
}

function stamp(target: ResourceTarget, object: KubeObject): KubeObject {
  return { ...object, apiVersion: target.apiVersion, kind: target.type.kind };
}

function isDryRun(req: Request): boolean {
  const dryRun = req.query.dryRun;
  return dryRun === 'All' || (Array.isArray(dryRun) && dryRun.includes('All'));
}

function requireObject(target: ResourceTarget, name: string): KubeObject {
  const found = target.store.get(target.type, target.namespace, name);
  if (!found) {
    throw notFoundError(target.type, name);
  }
  return found;
}

/**
 * Checks a request body against the URL the way the API server does: matching kind and
 * apiVersion (filled in from the URL when absent), and a namespace (filled in when absent) and
 * name equal to the URL's.
 */
function bodyForTarget(target: ResourceTarget, body: unknown): KubeObject {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badRequest('the request body must be a JSON object');
  }
  const object = structuredClone(body) as KubeObject;
  // Like the API server's decoder, an omitted apiVersion or kind defaults to the URL's.
  object.apiVersion ||= target.apiVersion;
  object.kind ||= target.type.kind;
  const expectedVersions = [target.apiVersion, apiVersionOf(target.type)];
  if (
    !expectedVersions.includes(object.apiVersion) ||
    object.kind !== target.type.kind
  ) {
    throw badRequest(
      `the API version in the data (${object.apiVersion}) and kind (${object.kind}) do not match the expected ${target.apiVersion}, ${target.type.kind}`,
    );
  }
  object.apiVersion = apiVersionOf(target.type);
  object.metadata = object.metadata ?? ({} as KubeObject['metadata']);
  if (target.namespace) {
    if (
      object.metadata.namespace &&
      object.metadata.namespace !== target.namespace
    ) {
      throw badRequest(
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    }
    object.metadata.namespace = target.namespace;
  }
  if (target.name !== undefined && object.metadata.name !== target.name) {
    throw badRequest(
      `the name of the object (${object.metadata.name}) does not match the name on the URL (${target.name})`,
    );
  }
  return object;
}

/** `GET` on a collection: a `<Kind>List`. */
export function listObjects(
  target: ResourceTarget,
  req: Request,
): HandlerResult {
  if (req.query.watch === 'true' || req.query.watch === '1') {
    throw badRequest('watch is not supported by the sandbox API server');
  }
  const labelSelector =
    typeof req.query.labelSelector === 'string' ? req.query.labelSelector : '';
  parseLabelSelector(labelSelector);
  let items = target.store.list(target.type, {
    namespace: target.namespace,
    labelSelector,
  });
  const limit = Number(req.query.limit);
  if (Number.isInteger(limit) && limit > 0) {
    items = items.slice(0, limit);
  }
  const resourceVersion =
    target.store.currentResourceVersion?.() ??
    String(
      Math.max(0, ...items.map(i => Number(i.metadata.resourceVersion ?? 0))),
    );
  return {
    code: 200,
    body: {
      kind: `${target.type.kind}List`,
      apiVersion: target.apiVersion,
      metadata: { resourceVersion },
      items: items.map(item => stamp(target, item)),
    },
  };
}

/** `POST` on a collection. */
export function createObject(
  target: ResourceTarget,
  req: Request,
): HandlerResult {
  const object = bodyForTarget(target, req.body);
  if (!isDryRun(req)) {
    return { code: 201, body: stamp(target, target.store.create(object)) };
  }
  validateObject(target.type, object);
  applyApiDefaults(target.type, object);
  const namespaceType = target.store.typeFor('v1', 'Namespace')!;
  if (
    target.namespace &&
    !target.store.get(namespaceType, undefined, target.namespace)
  ) {
    throw namespaceNotFoundError(target.namespace);
  }
  if (target.store.get(target.type, target.namespace, object.metadata.name)) {
    throw alreadyExistsError(target.type, object.metadata.name);
  }
  object.metadata.uid = randomUUID();
  object.metadata.generation = 1;
  object.metadata.creationTimestamp = kubeTimestamp();
  return { code: 201, body: stamp(target, object) };
}

/** `GET` on an object or its status. */
export function getObject(target: ResourceTarget): HandlerResult {
  return {
    code: 200,
    body: stamp(target, requireObject(target, target.name!)),
  };
}

/** The write behind PUT and PATCH, honouring dryRun and the status subresource. */
function write(
  target: ResourceTarget,
  req: Request,
  next: KubeObject,
): HandlerResult {
  const stored = requireObject(target, target.name!);
  const wanted = next.metadata.resourceVersion;
  if (wanted && wanted !== stored.metadata.resourceVersion) {
    throw staleVersionError(target.type, stored.metadata.name);
  }
  if (isDryRun(req)) {
    validateObject(target.type, next);
    const preview: KubeObject =
      target.subresource === 'status'
        ? { ...stored, status: next.status }
        : {
            ...next,
            status: stored.status,
            metadata: {
              ...next.metadata,
              uid: stored.metadata.uid,
              creationTimestamp: stored.metadata.creationTimestamp,
              generation:
                (stored.metadata.generation ?? 1) +
                (jsonEqual(next.spec, stored.spec) ? 0 : 1),
              resourceVersion: stored.metadata.resourceVersion,
            },
          };
    return { code: 200, body: stamp(target, preview) };
  }
  const saved =
    target.subresource === 'status'
      ? target.store.updateStatus(next)
      : target.store.update(next);
  return { code: 200, body: stamp(target, saved) };
}

/** `PUT` on an object or its status. */
export function replaceObject(
  target: ResourceTarget,
  req: Request,
): HandlerResult {
  return write(target, req, bodyForTarget(target, req.body));
}

/** `PATCH` on an object or its status, in any of the three patch formats. */
export function patchObject(
  target: ResourceTarget,
  req: Request,
): HandlerResult {
  const contentType = (req.headers['content-type'] ?? '')
    .split(';')[0]
    .trim()
    .toLowerCase();
  const isCustom = !BUILTIN_RESOURCE_TYPES.some(
    t => t.group === target.type.group && t.plural === target.type.plural,
  );
  if (contentType === PATCH_CONTENT_TYPES.strategic && isCustom) {
    // The real API server has no strategic-merge schema for custom resources either.
    throw new StatusError(
      failureStatus(
        'UnsupportedMediaType',
        'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
      ),
    );
  }
  const stored = stamp(target, requireObject(target, target.name!));
  let patched: unknown;
  try {
    if (contentType === PATCH_CONTENT_TYPES.json) {
      patched = applyJsonPatch(stored, req.body);
    } else if (contentType === PATCH_CONTENT_TYPES.merge) {
      patched = applyMergePatch(stored, req.body);
    } else if (contentType === PATCH_CONTENT_TYPES.strategic) {
      patched = applyStrategicMergePatch(stored, req.body);
    } else {
      throw new StatusError(
        failureStatus(
          'UnsupportedMediaType',
          `the body of the request was in an unknown format - accepted media types include: ${Object.values(
            PATCH_CONTENT_TYPES,
          ).join(', ')}`,
        ),
      );
    }
  } catch (error) {
    if (error instanceof PatchError) {
      throw new StatusError(failureStatus('Invalid', error.message));
    }
    throw error;
  }
  return write(target, req, bodyForTarget(target, patched));
}

/** `DELETE` on an object: a Success Status naming what was deleted, as for most kinds upstream. */
export function deleteObject(
  target: ResourceTarget,
  req: Request,
): HandlerResult {
  const existing = requireObject(target, target.name!);
  if (!isDryRun(req)) {
    target.store.delete(target.type, target.namespace, target.name!);
  }
  const body: KubeStatus = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Success',
    details: {
      name: target.name,
      ...(target.type.group && { group: target.type.group }),
      kind: target.type.plural,
      uid: existing.metadata.uid,
    },
    code: 200,
  };
  return { code: 200, body };
}
