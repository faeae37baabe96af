import { InputError } from '@backstage/errors';
import { KUBERNETES_ID_ANNOTATION } from '@internal/plugin-ops-common';
import { ServiceRequest } from '@internal/plugin-ops-common';

/** The label Backstage's Kubernetes plugin selects a service's objects by. @public */
export const KUBERNETES_ID_LABEL = KUBERNETES_ID_ANNOTATION;

/** The version every scaffolded Deployment starts as; the Istio subset of the same name routes to it. @public */
export const INITIAL_VERSION = 'v1';

// A Kubernetes label value: at most 63 characters, alphanumeric at both ends.
const LABEL_VALUE = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;

/**
 * The name part of a system entity ref (`system:default/payments` → `payments`), as a label value.
 * @public
 */
export function systemLabelValue(system: string): string {
  const afterKind = system.includes(':')
    ? system.slice(system.indexOf(':') + 1)
    : system;
  const name = afterKind.slice(afterKind.lastIndexOf('/') + 1);
  if (!LABEL_VALUE.test(name)) {
    throw new InputError(
      `System '${system}' cannot be used as the label app.kubernetes.io/part-of`,
    );
  }
  return name;
}

/**
 * The labels every namespaced object of a service carries: `app`, the recommended
 * `app.kubernetes.io/*` labels and `backstage.io/kubernetes-id`.
 * @public
 */
export function serviceLabels(
  request: Pick<ServiceRequest, 'name' | 'system'>,
): Record<string, string> {
  return {
    app: request.name,
    'app.kubernetes.io/name': request.name,
    ...(request.system
      ? { 'app.kubernetes.io/part-of': systemLabelValue(request.system) }
      : {}),
    [KUBERNETES_ID_LABEL]: request.name,
  };
}

/** The labels that select the pods of one version of a service. @public */
export function versionSelector(
  name: string,
  version: string = INITIAL_VERSION,
): Record<string, string> {
  return { app: name, version };
}
