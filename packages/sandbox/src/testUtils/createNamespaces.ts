import { ClusterStore } from '../cluster/types';

/** Creates Namespaces in a store, as `kubectl create namespace` would before a test writes into them. */
export function createNamespaces(store: ClusterStore, ...names: string[]) {
  for (const name of names) {
    store.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  }
}
