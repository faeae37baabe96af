import { ServiceRequest } from '@internal/plugin-ops-common';
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

/** Non-request inputs of {@link buildArgoApplication}. @public */
export interface ArgoApplicationOptions {
  project: string;
  repoUrl: string;
  branch: string;
}

/**
 * The Argo CD Application that syncs `services/<name>` into the service's namespace, with
 * automated self-heal and prune and the namespace created on first sync. The finalizer makes
 * deleting the Application delete the service's objects too.
 * @public
 */
export function buildArgoApplication(
  request: ServiceRequest,
  options: ArgoApplicationOptions,
): IApplication {
  return validatedObject(
    new Application({
      metadata: {
        name: request.name,
        namespace: ARGOCD_NAMESPACE,
        labels: {
          [ARGOCD_BACKSTAGE_NAME_LABEL]: request.name,
          [KUBERNETES_ID_LABEL]: request.name,
        },
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
        },
      },
    }),
  );
}
