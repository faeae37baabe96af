import { ClusterStore } from '../cluster/types';
import { isInSync } from './compareObjects';
import { APPLICATION_API_VERSION, ARGOCD_NAMESPACE } from './applicationTypes';
import { ManifestReader, resolveRevision } from './manifestsAtRevision';

/** Where the root app-of-apps reads Application manifests from. */
export const APPS_DIRECTORY = 'apps';
/** The branch the root app-of-apps tracks. */
export const APPS_REVISION = 'main';

/**
 * The app-of-apps root: creates every Application found in `apps/` at `main` in the argocd
 * namespace, and updates an Application whose spec changed in Git. Applications removed from
 * Git are left in place (the root does not prune).
 */
export async function bootstrapApplications(options: {
  store: ClusterStore;
  manifests: ManifestReader;
  repoPath: string;
}): Promise<void> {
  const { store } = options;
  const sha = await resolveRevision(options.repoPath, APPS_REVISION);
  const manifests = await options.manifests.read(
    options.repoPath,
    sha,
    APPS_DIRECTORY,
  );
  for (const { object } of manifests) {
    if (
      object.apiVersion !== APPLICATION_API_VERSION ||
      object.kind !== 'Application'
    ) {
      continue;
    }
    const type = store.typeFor(object.apiVersion, object.kind)!;
    const desired = structuredClone(object);
    desired.metadata.namespace = ARGOCD_NAMESPACE;
    const live = store.get(type, ARGOCD_NAMESPACE, desired.metadata.name);
    if (!live) {
      store.create(desired);
    } else if (!isInSync(desired, live)) {
      store.apply({ ...live, spec: desired.spec });
    }
  }
}
