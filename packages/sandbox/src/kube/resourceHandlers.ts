import { randomUUID } from 'node:crypto';
import { jsonEqual } from '../cluster/jsonEqual';
import { Request } from 'express';
import { apiVersionOf, isBuiltinType } from '../cluster/builtinResourceTypes';
import { hpaV1ToV2, hpaV2ToV1 } from '../cluster/hpaConversion';
import { allocateServiceAddresses } from '../cluster/serviceAllocation';
import { kubeTimestamp } from '../cluster/kubeNames';
import { parseLabelSelector } from '../cluster/labelSelector';
import { validateObject } from '../cluster/objectValidation';
import { applyApiDefaults, initialStatus } from '../cluster/apiDefaults';
import {
  pruneWarnings,
  validateCustomResource,
} from '../cluster/crdValidation';
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

/** A handler's answer: an HTTP code, a JSON body and the API server's warnings. */
export interface HandlerResult {
  code: number;
  body: unknown;
  /** `unknown field "spec.x"`: sent as `Warning: 299 - "…"` headers. */
  warnings?: string[];
}

function badRequest(message: string): StatusError {
  return new StatusError(failureStatus('BadRequest', message));
}

/** autoscaling/v1 is served by converting the stored autoscaling/v2 objects, as upstream. */
function isHpaV1(target: ResourceTarget): boolean {
  return (
    target.apiVersion === 'autoscaling/v1' &&
    target.type.kind === 'HorizontalPodAutoscaler'
  );
}

function stamp(target: ResourceTarget, object: KubeObject): KubeObject {
  const served = isHpaV1(target) ? hpaV2ToV1(object) : object;
  return { ...served, apiVersion: target.apiVersion, kind: target.type.kind };
}

/**
 * An item of a list: the API server leaves `apiVersion` and `kind` out of the items of built-in
 * lists (the list names them) and keeps them on custom resources.
 */
function listItem(target: ResourceTarget, object: KubeObject): KubeObject {
  const stamped = stamp(target, object);
  if (!isBuiltinType(target.type)) return stamped;
  const { apiVersion: _apiVersion, kind: _kind, ...rest } = stamped;
  return rest as KubeObject;
}

/** The key a list is ordered and continued by, as etcd orders the objects: namespace/name. */
function listKey(object: KubeObject): string {
  return `${object.metadata.namespace ?? ''}/${object.metadata.name}`;
}

function encodeContinue(resourceVersion: string, after: string): string {
  return Buffer.from(
    JSON.stringify({
      v: 'meta.k8s.io/v1',
      rv: Number(resourceVersion),
      start: `${after}\u0000`,
    }),
  ).toString('base64');
}

function decodeContinue(token: string): string {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
    if (typeof parsed?.start === 'string') {
      const start: string = parsed.start;
      return start.endsWith('\u0000') ? start.slice(0, -1) : start;
    }
  } catch {
    // fall through
  }
  throw badRequest(
    `continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)`,
  );
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
  const stored = isHpaV1(target) ? hpaV1ToV2(object) : object;
  stored.apiVersion = apiVersionOf(target.type);
  stored.metadata = stored.metadata ?? ({} as KubeObject['metadata']);
  return checkedCoordinates(target, stored);
}

/** The namespace (filled in when absent) and name of a body must be the URL's. */
function checkedCoordinates(
  target: ResourceTarget,
  object: KubeObject,
): KubeObject {
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
  const resourceVersion =
    target.store.currentResourceVersion?.() ??
    String(
      Math.max(0, ...items.map(i => Number(i.metadata.resourceVersion ?? 0))),
    );
  if (typeof req.query.continue === 'string' && req.query.continue) {
    const after = decodeContinue(req.query.continue);
    items = items.filter(i => listKey(i) > after);
  }
  const metadata: Record<string, unknown> = { resourceVersion };
  const limit = Number(req.query.limit);
  if (Number.isInteger(limit) && limit > 0 && items.length > limit) {
    const remaining = items.length - limit;
    items = items.slice(0, limit);
    metadata.continue = encodeContinue(
      resourceVersion,
      listKey(items[items.length - 1]),
    );
    // Without a selector the API server can count what is left; with one it cannot.
    if (!labelSelector) metadata.remainingItemCount = remaining;
  } else if (!isBuiltinType(target.type)) {
    // Custom resource lists always carry `continue`, empty on the last page.
    metadata.continue = '';
  }
  return {
    code: 200,
    body: {
      kind: `${target.type.kind}List`,
      apiVersion: target.apiVersion,
      metadata,
      items: items.map(item => listItem(target, item)),
    },
  };
}

/** `POST` on a collection. */
export function createObject(
  target: ResourceTarget,
  req: Request,
): HandlerResult {
  const object = bodyForTarget(target, req.body);
  if (target.type.statusSubresource !== false) {
    // Status belongs to the status subresource: a create starts from the API server's own.
    const status = initialStatus(target.type, object);
    if (status === undefined) delete object.status;
    else object.status = status;
  }
  const warnings = pruneWarnings(target.type, object);
  if (!isDryRun(req)) {
    return {
      code: 201,
      body: stamp(target, target.store.create(object)),
      warnings,
    };
  }
  validateObject(target.type, object);
  applyApiDefaults(target.type, object);
  validateCustomResource(target.type, object);
  if (target.type.group === '' && target.type.kind === 'Service') {
    allocateServiceAddresses(object, target.store.list(target.type));
  }
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
  if (target.type.generation !== false) {
    object.metadata.generation = 1;
  }
  object.metadata.creationTimestamp = kubeTimestamp();
  return { code: 201, body: stamp(target, object), warnings };
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
  const warnings = pruneWarnings(target.type, next);
  if (isDryRun(req)) {
    validateObject(target.type, next);
    const keepsStatus = target.type.statusSubresource !== false;
    const preview: KubeObject =
      target.subresource === 'status'
        ? { ...stored, status: next.status }
        : {
            ...next,
            status: keepsStatus ? stored.status : next.status,
            metadata: {
              ...next.metadata,
              uid: stored.metadata.uid,
              creationTimestamp: stored.metadata.creationTimestamp,
              ...(target.type.generation !== false && {
                generation:
                  (stored.metadata.generation ?? 1) +
                  (jsonEqual(next.spec, stored.spec) ? 0 : 1),
              }),
              resourceVersion: stored.metadata.resourceVersion,
            },
          };
    if (preview.status === undefined) delete preview.status;
    applyApiDefaults(target.type, preview);
    validateCustomResource(target.type, preview, stored);
    return { code: 200, body: stamp(target, preview), warnings };
  }
  const saved =
    target.subresource === 'status'
      ? target.store.updateStatus(next)
      : target.store.update(next);
  return { code: 200, body: stamp(target, saved), warnings };
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
  const isCustom = !isBuiltinType(target.type);
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
          '415: Unsupported Media Type',
          {},
        ),
      );
    }
  } catch (error) {
    if (error instanceof PatchError) {
      // The API server answers a patch that cannot be applied (a failed `test`, a missing path)
      // with this generic 422, whatever the cause.
      throw new StatusError(
        failureStatus(
          'Invalid',
          'the server rejected our request due to an error in our request',
          {},
        ),
      );
    }
    throw error;
  }
  return write(target, req, bodyForTarget(target, patched));
}

/** `DELETE` on an object: a Success Status (without a code) naming what was deleted, as upstream. */
export function deleteObject(
  target: ResourceTarget,
  req: Request,
): HandlerResult {
  const existing = requireObject(target, target.name!);
  if (!isDryRun(req)) {
    target.store.delete(target.type, target.namespace, target.name!);
  }
  const body: Omit<KubeStatus, 'code'> = {
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
  };
  return { code: 200, body };
}
