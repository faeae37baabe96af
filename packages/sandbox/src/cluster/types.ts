/**
 * The in-memory cluster at the heart of the sandbox. The Kubernetes API server stand-in serves it
 * over HTTP; the Argo CD stand-in and the controller read and write it in process.
 */

/** Object metadata, as the Kubernetes API returns it. */
export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: Array<{
    apiVersion: string;
    kind: string;
    name: string;
    uid: string;
    controller?: boolean;
  }>;
}

/** Any Kubernetes object. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  spec?: any;
  status?: any;
  [key: string]: unknown;
}

/** A kind the sandbox API serves, with the REST coordinates the real API server uses. */
export interface ResourceType {
  group: string; // '' for the core group
  version: string;
  kind: string;
  plural: string;
  namespaced: boolean;
  /**
   * False when the kind has no `/status` subresource (ConfigMaps, Secrets, Argo CD's
   * Application): status is then written with the object itself. Default true.
   */
  statusSubresource?: boolean;
  /** False when the API server keeps no `metadata.generation` for the kind (Services, ConfigMaps). Default true. */
  generation?: boolean;
}

/** One cause of an Invalid Status, as the API server lists them in `details.causes`. */
export interface InvalidCause {
  /** `FieldValueInvalid`, `FieldValueRequired`, `FieldValueTypeInvalid`, `FieldValueNotSupported`, … */
  reason: string;
  /** Without the field: `Invalid value: "x": …`, `Required value`. */
  message: string;
  /** `metadata.name`, `spec.http[0].timeout`, or `<nil>` for the object as a whole. */
  field: string;
}

/** Thrown for 409s: a stale resourceVersion on update, or a create of an existing name. */
export class ConflictError extends Error {
  constructor(message: string, readonly reason: 'Conflict' | 'AlreadyExists') {
    super(message);
    this.name = 'ConflictError';
  }
}

/** What a 404 is about, as the API server names it in `Status.details`. */
export interface NotFoundDetails {
  name: string;
  /** The API group; '' for the core group. */
  group: string;
  /** The plural resource, e.g. `namespaces`. */
  kind: string;
}

/**
 * Thrown for 404s. `details` names the missing object when it is not the one the request
 * addressed (a create in a namespace that does not exist is about the namespace).
 */
export class NotFoundError extends Error {
  name = 'NotFoundError';

  constructor(message: string, readonly details?: NotFoundDetails) {
    super(message);
  }
}

/** Thrown for 400s: a body the API server cannot decode (e.g. a Secret's `data` that is not base64). */
export class BadRequestError extends Error {
  name = 'BadRequestError';
}

/** Thrown for 422s: an object that fails validation. */
export class InvalidError extends Error {
  name = 'InvalidError';

  constructor(message: string, readonly causes?: InvalidCause[]) {
    super(message);
  }
}

export type WatchEvent = {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  object: KubeObject;
};

/** The store every part of the sandbox shares. Objects returned are copies. */
export interface ClusterStore {
  /** Every kind the store serves (built-in kinds plus configured custom resources). */
  resourceTypes(): ResourceType[];
  /** Finds the type for an apiVersion + kind, e.g. ('apps/v1', 'Deployment'). */
  typeFor(apiVersion: string, kind: string): ResourceType | undefined;
  get(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
  ): KubeObject | undefined;
  /** Lists objects; namespace undefined lists all namespaces; labelSelector uses the Kubernetes syntax. */
  list(
    type: ResourceType,
    options?: { namespace?: string; labelSelector?: string },
  ): KubeObject[];
  /** Creates; fills uid, resourceVersion, creationTimestamp, generation. ConflictError(AlreadyExists) if present. */
  create(object: KubeObject): KubeObject;
  /**
   * Replaces the whole object. If object.metadata.resourceVersion is set and differs from the stored one,
   * throws ConflictError(Conflict). Bumps resourceVersion (and generation when spec changed).
   */
  update(object: KubeObject): KubeObject;
  /** Create-or-replace without a resourceVersion check (what Argo CD's sync does). */
  apply(object: KubeObject): KubeObject;
  /** Replaces only status (the /status subresource); keeps spec and metadata. */
  updateStatus(object: KubeObject): KubeObject;
  /** Deletes; returns the deleted object or undefined. */
  delete(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
  ): KubeObject | undefined;
  /** Subscribes to every change; returns the unsubscribe function. */
  watch(listener: (event: WatchEvent) => void): () => void;
  /** The resourceVersion of the newest change (what list responses report), when the store tracks one. */
  currentResourceVersion?(): string;
}
