import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  NAMESPACE_OWNER_ANNOTATION,
  ServiceRequest,
} from '@internal/plugin-ops-common';
import {
  Application,
  IApplication,
} from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1';
import { KUBERNETES_ID_LABEL } from './labels';
import { validatedObject } from './validated';

/** Namespace Argo CD watches for Applications. @public */
export const ARGOCD_NAMESPACE = 'argocd';

/** The label the portal finds a service's Application by. @public */
export const ARGOCD_BACKSTAGE_NAME_LABEL = 'backstage-name';

/** Where the service's manifests live in the GitOps repository: `services/<name>`. @public */
export function serviceDirectory(name: string): string {
  return `services/${name}`;
}

/** Where the service's Application lives in the GitOps repository: `apps/<name>.yaml`. @public */
export function applicationFile(name: string): string {
  return `apps/${name}.yaml`;
}

/**
 * The owner as a full entity ref (`group:default/team-drivers`), the value of
 * `ops-portal/owner` on the Application and its namespace.
 * @public
 */
export function ownerEntityRef(owner: string): string {
  return stringifyEntityRef(
    parseEntityRef(owner, {
      defaultKind: 'group',
      defaultNamespace: 'default',
    }),
  );
}

/** Non-request inputs of {@link buildArgoApplication}. @public */
export interface ArgoApplicationOptions {
  project: string;
  repoUrl: string;
  branch: string;
}

/**
 * The Argo CD Application that syncs `services/<name>` into the service's namespace, with
 * automated self-heal and prune and the namespace created on first sync. The finalizer makes
 * deleting the Application delete the service's objects too. The owner is bound to the
 * Application and, through `managedNamespaceMetadata` (which Argo CD applies to the namespace
 * with `CreateNamespace=true`), to the namespace: annotation `ops-portal/owner`.
 * @public
 */
export function buildArgoApplication(
  request: ServiceRequest,
  options: ArgoApplicationOptions,
): IApplication {
  const owner = { [NAMESPACE_OWNER_ANNOTATION]: ownerEntityRef(request.owner) };
  return validatedObject(
    new Application({
      metadata: {
        name: request.name,
        namespace: ARGOCD_NAMESPACE,
        labels: {
          [ARGOCD_BACKSTAGE_NAME_LABEL]: request.name,
          [KUBERNETES_ID_LABEL]: request.name,
        },
        annotations: { ...owner },
        finalizers: ['resources-finalizer.argocd.argoproj.io'],
      },
      spec: {
        project: options.project,
        source: {
          repoURL: options.repoUrl,
          path: serviceDirectory(request.name),
          targetRevision: options.branch,
        },
        destination: {
          server: 'https://kubernetes.default.svc',
          namespace: request.namespace,
        },
        syncPolicy: {
          automated: { selfHeal: true, prune: true },
          syncOptions: ['CreateNamespace=true'],
          managedNamespaceMetadata: { annotations: { ...owner } },
        },
      },
    }),
  );
}
