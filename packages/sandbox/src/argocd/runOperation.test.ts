import { MemoryClusterStore } from '../cluster/MemoryClusterStore';
import { KubeObject } from '../cluster/types';
import { runOperation } from './runOperation';

const OWNER = 'group:default/team-drivers';

function application(syncPolicy: Record<string, unknown>): KubeObject {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: 'payments', namespace: 'argocd' },
    spec: {
      project: 'default',
      source: { repoURL: 'http://git/gitops.git', path: 'services/payments' },
      destination: {
        server: 'https://kubernetes.default.svc',
        namespace: 'payments',
      },
      syncPolicy,
    },
  };
}

function sync(store: MemoryClusterStore, app: KubeObject, dryRun = false) {
  return runOperation({
    store,
    app,
    operation: {
      sync: { revision: 'abc123', prune: true, dryRun },
      initiatedBy: { automated: true },
      retry: {},
    },
    revision: 'abc123',
    source: app.spec!.source,
    desired: [],
    tracked: [],
  });
}

function namespace(store: MemoryClusterStore) {
  return store.get(store.typeFor('v1', 'Namespace')!, undefined, 'payments');
}

const managed = {
  syncOptions: ['CreateNamespace=true'],
  managedNamespaceMetadata: {
    labels: { team: 'drivers' },
    annotations: { 'ops-portal/owner': OWNER },
  },
};

describe('runOperation: the destination namespace', () => {
  it('creates it with the managed labels and annotations', () => {
    const store = new MemoryClusterStore();
    sync(store, application(managed));
    expect(namespace(store)?.metadata).toMatchObject({
      labels: { team: 'drivers' },
      annotations: {
        'ops-portal/owner': OWNER,
        'argocd.argoproj.io/sync-options': 'ServerSideApply=true',
      },
    });
  });

  it('sets them on an existing namespace, keeping what others put there', () => {
    const store = new MemoryClusterStore();
    store.create({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: 'payments',
        labels: { other: 'kept' },
        annotations: { 'ops-portal/owner': 'someone else', note: 'kept' },
      },
    });
    sync(store, application(managed));
    expect(namespace(store)?.metadata.labels).toEqual({
      'kubernetes.io/metadata.name': 'payments',
      other: 'kept',
      team: 'drivers',
    });
    expect(namespace(store)?.metadata.annotations).toEqual({
      note: 'kept',
      'ops-portal/owner': OWNER,
      'argocd.argoproj.io/sync-options': 'ServerSideApply=true',
    });
  });

  it('puts the managed metadata back on the next sync after a change', () => {
    const store = new MemoryClusterStore();
    sync(store, application(managed));
    const live = namespace(store)!;
    store.apply({
      ...live,
      metadata: { ...live.metadata, annotations: { 'ops-portal/owner': 'x' } },
    });
    sync(store, application(managed));
    expect(namespace(store)?.metadata.annotations?.['ops-portal/owner']).toBe(
      OWNER,
    );
  });

  it('creates a bare namespace without managedNamespaceMetadata', () => {
    const store = new MemoryClusterStore();
    sync(store, application({ syncOptions: ['CreateNamespace=true'] }));
    expect(namespace(store)?.metadata.annotations ?? {}).toEqual({});
    expect(namespace(store)?.metadata.labels ?? {}).not.toHaveProperty('team');
  });

  it.each([
    [
      'without CreateNamespace=true',
      { managedNamespaceMetadata: managed.managedNamespaceMetadata },
      false,
    ],
    ['in a dry run', managed, true],
  ])('touches no namespace %s', (_case, syncPolicy, dryRun) => {
    const store = new MemoryClusterStore();
    sync(store, application(syncPolicy), dryRun);
    expect(namespace(store)).toBeUndefined();
  });
});
