import { ClusterStore, KubeObject } from '../cluster/types';
import {
  condition,
  controllerReference,
  isOwnedBy,
  requireType,
  templateHash,
  writeStatus,
} from './controllerSupport';
import { isPodReady } from './pods';

const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';

function revisionOf(rs: KubeObject): number {
  return Number(rs.metadata.annotations?.[REVISION_ANNOTATION] ?? 0);
}

/**
 * Makes each Deployment's current ReplicaSet (`<name>-<pod-template-hash>`) exist with the
 * Deployment's replicas and scales every older ReplicaSet to zero: a rollout that completes at once.
 */
export function reconcileDeploymentReplicaSets(store: ClusterStore): void {
  const deployments = requireType(store, 'apps/v1', 'Deployment');
  const replicaSets = requireType(store, 'apps/v1', 'ReplicaSet');
  for (const deployment of store.list(deployments)) {
    const { namespace } = deployment.metadata;
    const template = deployment.spec?.template ?? {};
    const hash = templateHash(template);
    const name = `${deployment.metadata.name}-${hash}`;
    const replicas = deployment.spec?.replicas ?? 1;
    const owned = store
      .list(replicaSets, { namespace })
      .filter(rs => isOwnedBy(rs, deployment));

    for (const old of owned) {
      if (old.metadata.name !== name && (old.spec?.replicas ?? 0) !== 0) {
        store.update({ ...old, spec: { ...old.spec, replicas: 0 } });
      }
    }
    const current = owned.find(rs => rs.metadata.name === name);
    if (!current) {
      const revision = Math.max(0, ...owned.map(revisionOf)) + 1;
      const labels = {
        ...template.metadata?.labels,
        'pod-template-hash': hash,
      };
      store.create({
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: {
          name,
          namespace,
          labels,
          annotations: {
            [REVISION_ANNOTATION]: String(revision),
            'deployment.kubernetes.io/desired-replicas': String(replicas),
          },
          ownerReferences: [controllerReference(deployment)],
        },
        spec: {
          replicas,
          selector: {
            ...deployment.spec?.selector,
            matchLabels: {
              ...deployment.spec?.selector?.matchLabels,
              'pod-template-hash': hash,
            },
          },
          template: { ...template, metadata: { ...template.metadata, labels } },
        },
      });
    } else if (current.spec?.replicas !== replicas) {
      store.update({ ...current, spec: { ...current.spec, replicas } });
    }
  }
}

/** Writes each Deployment's status from the pods of its ReplicaSets. */
export function updateDeploymentStatuses(
  store: ClusterStore,
  podsByReplicaSet: Map<string, KubeObject[]>,
): void {
  const deployments = requireType(store, 'apps/v1', 'Deployment');
  const replicaSets = requireType(store, 'apps/v1', 'ReplicaSet');
  for (const deployment of store.list(deployments)) {
    const owned = store
      .list(replicaSets, { namespace: deployment.metadata.namespace })
      .filter(rs => isOwnedBy(rs, deployment));
    const hash = templateHash(deployment.spec?.template ?? {});
    const current = owned.find(
      rs => rs.metadata.name === `${deployment.metadata.name}-${hash}`,
    );
    const podsOf = (rs: KubeObject) =>
      podsByReplicaSet.get(rs.metadata.uid!) ?? [];
    const allPods = owned.flatMap(podsOf);
    const updated = current ? podsOf(current) : [];
    const ready = allPods.filter(isPodReady).length;
    const wanted = deployment.spec?.replicas ?? 1;
    const previous = deployment.status?.conditions;
    const available = ready >= wanted;
    writeStatus(store, deployment, {
      observedGeneration: deployment.metadata.generation,
      replicas: allPods.length,
      updatedReplicas: updated.length,
      readyReplicas: ready,
      availableReplicas: ready,
      ...(allPods.length > ready && {
        unavailableReplicas: allPods.length - ready,
      }),
      conditions: [
        condition(
          previous,
          available
            ? {
                type: 'Available',
                status: 'True',
                reason: 'MinimumReplicasAvailable',
                message: 'Deployment has minimum availability.',
              }
            : {
                type: 'Available',
                status: 'False',
                reason: 'MinimumReplicasUnavailable',
                message: 'Deployment does not have minimum availability.',
              },
          { withUpdateTime: true },
        ),
        condition(
          previous,
          {
            type: 'Progressing',
            status: 'True',
            reason: 'NewReplicaSetAvailable',
            message: `ReplicaSet "${current?.metadata.name}" has successfully progressed.`,
          },
          { withUpdateTime: true },
        ),
      ],
    });
  }
}
