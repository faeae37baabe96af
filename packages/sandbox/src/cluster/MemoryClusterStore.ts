import { randomUUID } from 'node:crypto';
import { jsonEqual } from './jsonEqual';
import {
  allocateServiceAddresses,
  keepServiceAddresses,
} from './serviceAllocation';
import { apiVersionOf, BUILTIN_RESOURCE_TYPES } from './builtinResourceTypes';
import { matchesLabelSelector } from './labelSelector';
import { kubeTimestamp, randomNameSuffix } from './kubeNames';
import { validateObject } from './objectValidation';
import { applyApiDefaults, normalizePodStatus } from './apiDefaults';
import { validateCustomResource } from './crdValidation';
import {
  CustomResourceOption,
  findTypeFor,
  servedResourceTypes,
} from './resourceTypeRegistry';
import {
  alreadyExistsError,
  namespaceNotFoundError,
  notFoundError,
  staleVersionError,
} from './storeErrors';
import {
  ClusterStore,
  InvalidError,
  KubeObject,
  ResourceType,
  WatchEvent,
} from './types';

export type { CustomResourceOption } from './resourceTypeRegistry';

const NAMESPACE_TYPE = BUILTIN_RESOURCE_TYPES.find(
  t => t.kind === 'Namespace',
)!;

/** The namespaces every new cluster has. */
export const SYSTEM_NAMESPACES = [
  'default',
  'kube-node-lease',
  'kube-public',
  'kube-system',
];

function copy<T>(value: T): T {
  return structuredClone(value);
}

/**
 * The part of an object whose change bumps `metadata.generation`: `spec`, or for custom
 * resources without one (KongPlugin's top-level `plugin` and `config`) everything but metadata
 * and status, as the API server compares them.
 */
function specOf(object: KubeObject): unknown {
  if (object.spec !== undefined) return object.spec;
  const {
    metadata: _m,
    status: _s,
    apiVersion: _a,
    kind: _k,
    ...rest
  } = object;
  return rest;
}

/**
 * An in-memory cluster: every object of every served kind, with the API server's bookkeeping
 * (uid, a global resourceVersion counter, generation, optimistic concurrency, owner-based
 * garbage collection). Like a real cluster it starts with the system namespaces and refuses to
 * create a namespaced object in a namespace that does not exist. All reads and writes hand out
 * deep copies.
 */
export class MemoryClusterStore implements ClusterStore {
  private readonly types: ResourceType[];
  private readonly objects = new Map<string, Map<string, KubeObject>>();
  private readonly listeners = new Set<(event: WatchEvent) => void>();
  private revision = 0;

  constructor(options?: { customResources?: CustomResourceOption[] }) {
    this.types = servedResourceTypes(options?.customResources);
    for (const name of SYSTEM_NAMESPACES) {
      this.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    }
  }

  resourceTypes(): ResourceType[] {
    return copy(this.types);
  }

  typeFor(apiVersion: string, kind: string): ResourceType | undefined {
    const found = findTypeFor(this.types, apiVersion, kind);
    return found && copy(found);
  }

  get(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
  ): KubeObject | undefined {
    const stored = this.bucket(type).get(this.key(type, namespace, name));
    return stored && copy(stored);
  }

  list(
    type: ResourceType,
    options?: { namespace?: string; labelSelector?: string },
  ): KubeObject[] {
    const namespace = type.namespaced ? options?.namespace : undefined;
    return (
      [...this.bucket(type).values()]
        .filter(
          o => namespace === undefined || o.metadata.namespace === namespace,
        )
        .filter(o =>
          matchesLabelSelector(options?.labelSelector, o.metadata.labels),
        )
        // etcd's order: the keys' bytes, namespace then name.
        .sort((a, b) => {
          const ka = `${a.metadata.namespace ?? ''}/${a.metadata.name}`;
          const kb = `${b.metadata.namespace ?? ''}/${b.metadata.name}`;
          if (ka === kb) return 0;
          return ka < kb ? -1 : 1;
        })
        .map(copy)
    );
  }

  create(object: KubeObject): KubeObject {
    const type = this.requireType(object);
    const incoming = this.normalize(type, object);
    if (!incoming.metadata.name && (incoming.metadata as any).generateName) {
      incoming.metadata.name = `${
        (incoming.metadata as any).generateName
      }${randomNameSuffix()}`;
    }
    // Like the API server's NamespaceLifecycle admission, a missing namespace is reported before
    // the object is validated.
    if (
      type.namespaced &&
      incoming.metadata.namespace &&
      !this.hasNamespace(incoming.metadata.namespace)
    ) {
      throw namespaceNotFoundError(incoming.metadata.namespace);
    }
    validateObject(type, incoming);
    validateCustomResource(type, incoming);
    const key = this.key(
      type,
      incoming.metadata.namespace,
      incoming.metadata.name,
    );
    if (this.bucket(type).has(key)) {
      throw alreadyExistsError(type, incoming.metadata.name);
    }
    if (type.group === '' && type.kind === 'Service') {
      allocateServiceAddresses(incoming, [...this.bucket(type).values()]);
    }
    incoming.metadata.uid = randomUUID();
    incoming.metadata.creationTimestamp = kubeTimestamp();
    if (type.generation !== false) {
      incoming.metadata.generation = 1;
    }
    incoming.metadata.resourceVersion = this.nextRevision();
    if (type.kind === 'Namespace') {
      incoming.spec = incoming.spec ?? { finalizers: ['kubernetes'] };
      incoming.status = { phase: 'Active' };
    }
    this.bucket(type).set(key, incoming);
    this.emit('ADDED', incoming);
    return copy(incoming);
  }

  update(object: KubeObject): KubeObject {
    return this.replace(object, true);
  }

  apply(object: KubeObject): KubeObject {
    const type = this.requireType(object);
    const namespace = type.namespaced ? object.metadata?.namespace : undefined;
    if (!this.get(type, namespace, object.metadata?.name)) {
      return this.create(object);
    }
    return this.replace(object, false);
  }

  updateStatus(object: KubeObject): KubeObject {
    const type = this.requireType(object);
    const stored = this.requireStored(type, object);
    this.checkResourceVersion(type, stored, object);
    const next = copy(stored);
    next.status = copy(object.status);
    if (type.group === '' && type.kind === 'Pod') {
      normalizePodStatus(next.status);
    }
    validateCustomResource(type, next, stored);
    next.metadata.resourceVersion = this.nextRevision();
    this.save(type, next);
    return copy(next);
  }

  delete(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
  ): KubeObject | undefined {
    const key = this.key(type, namespace, name);
    const stored = this.bucket(type).get(key);
    if (!stored) {
      return undefined;
    }
    this.bucket(type).delete(key);
    this.emit('DELETED', stored);
    this.collectGarbage(stored);
    return copy(stored);
  }

  watch(listener: (event: WatchEvent) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** The resourceVersion of the newest change, as list responses report it. */
  currentResourceVersion(): string {
    return String(this.revision);
  }

  private replace(object: KubeObject, checkVersion: boolean): KubeObject {
    const type = this.requireType(object);
    const incoming = this.normalize(type, object);
    validateObject(type, incoming);
    const stored = this.requireStored(type, incoming);
    if (checkVersion) {
      this.checkResourceVersion(type, stored, incoming);
    }
    // Status belongs to the /status subresource where the kind has one; a write of the main
    // resource keeps it. Kinds without one (Argo CD's Application) take status with the object.
    if (type.statusSubresource !== false) {
      incoming.status = copy(stored.status);
    }
    if (incoming.status === undefined) {
      delete incoming.status;
    }
    validateCustomResource(type, incoming, stored);
    if (type.group === '' && type.kind === 'Service') {
      keepServiceAddresses(incoming, stored);
    }
    incoming.metadata.uid = stored.metadata.uid;
    incoming.metadata.creationTimestamp = stored.metadata.creationTimestamp;
    if (type.generation === false) {
      delete incoming.metadata.generation;
    } else {
      const specChanged = !jsonEqual(specOf(incoming), specOf(stored));
      incoming.metadata.generation =
        (stored.metadata.generation ?? 1) + (specChanged ? 1 : 0);
    }
    incoming.metadata.resourceVersion = this.nextRevision();
    this.save(type, incoming);
    return copy(incoming);
  }

  private save(type: ResourceType, object: KubeObject) {
    this.bucket(type).set(
      this.key(type, object.metadata.namespace, object.metadata.name),
      object,
    );
    this.emit('MODIFIED', object);
  }

  private checkResourceVersion(
    type: ResourceType,
    stored: KubeObject,
    incoming: KubeObject,
  ) {
    const wanted = incoming.metadata.resourceVersion;
    if (wanted && wanted !== stored.metadata.resourceVersion) {
      throw staleVersionError(type, stored.metadata.name);
    }
  }

  private requireType(object: KubeObject): ResourceType {
    const type =
      object && this.typeFor(object.apiVersion ?? '', object.kind ?? '');
    if (!type) {
      throw new InvalidError(
        `no matches for kind "${object?.kind}" in version "${object?.apiVersion}"`,
      );
    }
    return type;
  }

  private requireStored(type: ResourceType, object: KubeObject): KubeObject {
    const namespace = type.namespaced ? object.metadata?.namespace : undefined;
    const stored = this.bucket(type).get(
      this.key(type, namespace, object.metadata?.name),
    );
    if (!stored) {
      throw notFoundError(type, object.metadata?.name);
    }
    return stored;
  }

  /** A private copy with the stored apiVersion and without a namespace on cluster-scoped kinds. */
  private normalize(type: ResourceType, object: KubeObject): KubeObject {
    const next = copy(object);
    next.apiVersion = apiVersionOf(type);
    next.metadata = next.metadata ?? ({} as KubeObject['metadata']);
    if (!type.namespaced) {
      delete next.metadata.namespace;
    }
    applyApiDefaults(type, next);
    return next;
  }

  private hasNamespace(name: string): boolean {
    return this.bucket(NAMESPACE_TYPE).has(
      this.key(NAMESPACE_TYPE, undefined, name),
    );
  }

  /** Background cascading deletion: dependents of a deleted object go too, as do a namespace's objects. */
  private collectGarbage(deleted: KubeObject) {
    for (const type of this.types) {
      for (const object of [...this.bucket(type).values()]) {
        const owned = object.metadata.ownerReferences?.some(
          ref => ref.uid === deleted.metadata.uid,
        );
        const inDeletedNamespace =
          deleted.kind === 'Namespace' &&
          type.namespaced &&
          object.metadata.namespace === deleted.metadata.name;
        if (owned || inDeletedNamespace) {
          this.delete(type, object.metadata.namespace, object.metadata.name);
        }
      }
    }
  }

  private emit(type: WatchEvent['type'], object: KubeObject) {
    for (const listener of [...this.listeners]) {
      try {
        listener({ type, object: copy(object) });
      } catch {
        // A misbehaving listener must not break the write that notified it.
      }
    }
  }

  private nextRevision(): string {
    this.revision += 1;
    return String(this.revision);
  }

  private bucket(type: ResourceType): Map<string, KubeObject> {
    const id = `${type.group}/${type.plural}`;
    let bucket = this.objects.get(id);
    if (!bucket) {
      bucket = new Map();
      this.objects.set(id, bucket);
    }
    return bucket;
  }

  private key(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
  ): string {
    return type.namespaced ? `${namespace ?? ''}/${name}` : name;
  }
}
