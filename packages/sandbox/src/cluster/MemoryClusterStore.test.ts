import { createNamespaces } from '../testUtils/createNamespaces';
import { MemoryClusterStore, SYSTEM_NAMESPACES } from './MemoryClusterStore';
import {
  BadRequestError,
  ConflictError,
  InvalidError,
  KubeObject,
  NotFoundError,
  WatchEvent,
} from './types';

function deployment(name: string, extra: Partial<KubeObject> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'shop', labels: { app: name } },
    spec: { replicas: 1, template: { metadata: { labels: { app: name } } } },
    ...extra,
  };
}

describe('MemoryClusterStore', () => {
  let store: MemoryClusterStore;
  const deployments = () => store.typeFor('apps/v1', 'Deployment')!;

  const namespaces = () => store.typeFor('v1', 'Namespace')!;

  beforeEach(() => {
    store = new MemoryClusterStore();
    createNamespaces(store, 'shop', 'other');
  });

  it('serves the built-in kinds and the always-on custom resources', () => {
    const kinds = store
      .resourceTypes()
      .map(t => `${t.group}/${t.version}/${t.plural}`);
    expect(kinds).toEqual(
      expect.arrayContaining([
        '/v1/pods',
        '/v1/namespaces',
        'apps/v1/deployments',
        'autoscaling/v2/horizontalpodautoscalers',
        'networking.istio.io/v1/virtualservices',
        'configuration.konghq.com/v1/kongclusterplugins',
        'argoproj.io/v1alpha1/applications',
      ]),
    );
    expect(store.typeFor('v1', 'Namespace')?.namespaced).toBe(false);
    expect(
      store.typeFor('autoscaling/v1', 'HorizontalPodAutoscaler')?.version,
    ).toBe('v2');
    expect(store.typeFor('example.com/v1', 'Widget')).toBeUndefined();
  });

  it('adds configured custom resources, deriving the kind', () => {
    const custom = new MemoryClusterStore({
      customResources: [
        { group: 'keda.sh', apiVersion: 'v1alpha1', plural: 'scaledobjects' },
        {
          group: 'example.com',
          apiVersion: 'v1',
          plural: 'policies',
          namespaced: false,
        },
      ],
    });
    expect(custom.typeFor('keda.sh/v1alpha1', 'Scaledobject')).toMatchObject({
      plural: 'scaledobjects',
      namespaced: true,
    });
    expect(custom.typeFor('example.com/v1', 'Policy')?.namespaced).toBe(false);
  });

  it('fills bookkeeping on create', () => {
    const created = store.create(deployment('web'));
    expect(created.metadata).toMatchObject({
      generation: 1,
      namespace: 'shop',
    });
    expect(created.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.metadata.creationTimestamp).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/,
    );
    const namespace = store.get(namespaces(), undefined, 'shop');
    expect(namespace?.status).toEqual({ phase: 'Active' });
    expect(Number(created.metadata.resourceVersion)).toBeGreaterThan(
      Number(namespace!.metadata.resourceVersion),
    );
  });

  it('starts with the system namespaces of a new cluster', () => {
    const fresh = new MemoryClusterStore();
    expect(fresh.list(namespaces()).map(n => n.metadata.name)).toEqual(
      SYSTEM_NAMESPACES,
    );
  });

  it('refuses a namespaced object in a namespace that does not exist, like the API server', () => {
    let error: unknown;
    try {
      store.create({
        ...deployment('web'),
        metadata: { name: 'web', namespace: 'nowhere' },
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({
      message: 'namespaces "nowhere" not found',
      details: { name: 'nowhere', group: '', kind: 'namespaces' },
    });
    expect(store.get(namespaces(), undefined, 'nowhere')).toBeUndefined();
    expect(store.list(deployments())).toEqual([]);
  });

  it('rejects duplicates, bad names and unknown kinds', () => {
    store.create(deployment('web'));
    expect(() => store.create(deployment('web'))).toThrow(
      new ConflictError(
        'deployments.apps "web" already exists',
        'AlreadyExists',
      ),
    );
    expect(() => store.create(deployment('Bad_Name'))).toThrow(InvalidError);
    expect(() =>
      store.create({
        apiVersion: 'example.com/v1',
        kind: 'Widget',
        metadata: { name: 'w' },
      }),
    ).toThrow(InvalidError);
  });

  it('checks resourceVersion on update and bumps generation only for spec changes', () => {
    const created = store.create(deployment('web'));
    const relabelled = store.update({
      ...created,
      metadata: { ...created.metadata, labels: { app: 'web', team: 'a' } },
    });
    expect(relabelled.metadata.generation).toBe(1);
    expect(Number(relabelled.metadata.resourceVersion)).toBeGreaterThan(
      Number(created.metadata.resourceVersion),
    );

    const scaled = store.update({
      ...relabelled,
      spec: { ...relabelled.spec, replicas: 3 },
    });
    expect(scaled.metadata.generation).toBe(2);

    expect(() => store.update({ ...created, spec: { replicas: 5 } })).toThrow(
      'Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again',
    );
    expect(() => store.update(deployment('missing'))).toThrow(NotFoundError);
  });

  it('keeps status on update and writes it only through updateStatus', () => {
    const created = store.create(deployment('web'));
    const withStatus = store.updateStatus({
      ...created,
      status: { replicas: 1 },
    });
    const updated = store.update({ ...withStatus, status: { replicas: 99 } });
    expect(updated.status).toEqual({ replicas: 1 });
    expect(updated.metadata.generation).toBe(1);
  });

  it('apply creates or replaces without a version check', () => {
    store.apply(deployment('web'));
    const applied = store.apply({
      ...deployment('web'),
      metadata: { name: 'web', namespace: 'shop', resourceVersion: '1' },
      spec: { replicas: 2 },
    });
    expect(applied.spec.replicas).toBe(2);
    expect(applied.metadata.generation).toBe(2);
  });

  it('lists by namespace and label selector and hands out copies', () => {
    store.create(deployment('web'));
    store.create(deployment('api'));
    store.create({
      ...deployment('web'),
      metadata: { name: 'web', namespace: 'other' },
    });

    // Sorted by namespace, then name.
    expect(store.list(deployments()).map(d => d.metadata.name)).toEqual([
      'web',
      'api',
      'web',
    ]);
    expect(store.list(deployments(), { namespace: 'shop' })).toHaveLength(2);
    expect(
      store
        .list(deployments(), { labelSelector: 'app in (web)' })
        .map(d => d.metadata.namespace),
    ).toEqual(['shop']);

    const got = store.get(deployments(), 'shop', 'web')!;
    got.spec.replicas = 42;
    expect(store.get(deployments(), 'shop', 'web')!.spec.replicas).toBe(1);
  });

  it('deletes dependents and notifies watchers', () => {
    const events: WatchEvent[] = [];
    const unsubscribe = store.watch(e => events.push(e));
    const owner = store.create(deployment('web'));
    store.create({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: 'web-abc',
        namespace: 'shop',
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            name: 'web',
            uid: owner.metadata.uid!,
          },
        ],
      },
    });
    expect(store.delete(deployments(), 'shop', 'web')?.metadata.name).toBe(
      'web',
    );
    expect(store.list(store.typeFor('apps/v1', 'ReplicaSet')!)).toEqual([]);
    expect(events.map(e => `${e.type} ${e.object.kind}`)).toEqual([
      'ADDED Deployment',
      'ADDED ReplicaSet',
      'DELETED Deployment',
      'DELETED ReplicaSet',
    ]);
    unsubscribe();
    store.delete(namespaces(), undefined, 'shop');
    expect(events).toHaveLength(4);
    expect(store.delete(deployments(), 'shop', 'web')).toBeUndefined();
  });

  it('clears the namespace of cluster-scoped objects', () => {
    const plugin = store.create({
      apiVersion: 'configuration.konghq.com/v1',
      kind: 'KongClusterPlugin',
      metadata: { name: 'prometheus', namespace: 'ignored' },
      plugin: 'prometheus',
    });
    expect(plugin.metadata.namespace).toBeUndefined();
  });
});

describe('MemoryClusterStore Secrets', () => {
  let store: MemoryClusterStore;
  const secrets = () => store.typeFor('v1', 'Secret')!;
  const secret = (extra: Partial<KubeObject>): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'payments-oidc', namespace: 'payments' },
    ...extra,
  });

  beforeEach(() => {
    store = new MemoryClusterStore();
    createNamespaces(store, 'payments');
  });

  it('folds stringData into base64 data and defaults the type on create', () => {
    const created = store.create(
      secret({
        data: { kept: Buffer.from('old').toString('base64') },
        stringData: { 'client-secret': 's3cr3t-ü', kept: 'overridden' },
      }),
    );
    expect(created.stringData).toBeUndefined();
    expect(created.type).toBe('Opaque');
    expect(created.data).toEqual({
      'client-secret': Buffer.from('s3cr3t-ü').toString('base64'),
      kept: Buffer.from('overridden').toString('base64'),
    });
    expect(store.get(secrets(), 'payments', 'payments-oidc')).toEqual(created);
  });

  it('folds stringData on replace as well, keeping an explicit type', () => {
    const created = store.create(
      secret({ type: 'kubernetes.io/basic-auth', stringData: { a: '1' } }),
    );
    const replaced = store.update({
      ...created,
      data: created.data,
      stringData: { b: '2' },
    });
    expect(replaced.type).toBe('kubernetes.io/basic-auth');
    expect(replaced.data).toEqual({ a: 'MQ==', b: 'Mg==' });
    expect(replaced.stringData).toBeUndefined();
  });

  it('refuses data that is not base64 with the decoder message', () => {
    expect(() =>
      store.create(secret({ data: { 'client-secret': 'not base64!' } })),
    ).toThrow(
      new BadRequestError(
        'Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 3',
      ),
    );
    expect(store.list(secrets())).toEqual([]);
  });
});
