import { normalizeSecret } from './secretData';
import { KubeObject, ResourceType } from './types';

/**
 * The defaults the real API server fills in on write for the kinds the portal displays, so the
 * sandbox returns the same shapes (the Kubernetes content shows a Deployment's strategy and
 * progress deadline, for example). Only fields the object leaves unset are filled; a Secret's
 * `stringData` is folded into `data` as the API server does.
 */
export function applyApiDefaults(type: ResourceType, object: KubeObject): void {
  if (type.group === 'apps' && type.kind === 'Deployment') {
    const spec = (object.spec ??= {});
    spec.replicas ??= 1;
    spec.revisionHistoryLimit ??= 10;
    spec.progressDeadlineSeconds ??= 600;
    spec.strategy ??= { type: 'RollingUpdate' };
    if (spec.strategy.type === 'RollingUpdate') {
      spec.strategy.rollingUpdate ??= {};
      spec.strategy.rollingUpdate.maxSurge ??= '25%';
      spec.strategy.rollingUpdate.maxUnavailable ??= '25%';
    }
  }
  if (type.group === '' && type.kind === 'Secret') {
    normalizeSecret(object);
  }
  if (type.group === '' && type.kind === 'Service') {
    const spec = (object.spec ??= {});
    spec.type ??= 'ClusterIP';
    spec.sessionAffinity ??= 'None';
  }
}
