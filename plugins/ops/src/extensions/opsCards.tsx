import { OpsCardBlueprint } from '@internal/plugin-ops-react';

/**
 * The Kubernetes workloads of the entity on the Ops tab (`ops-card:ops/kubernetes`).
 * @public
 */
export const opsKubernetesCard = OpsCardBlueprint.make({
  name: 'kubernetes',
  params: {
    loader: () =>
      import('../components/KubernetesCard').then(m => <m.KubernetesCard />),
  },
});

/**
 * The Argo CD sync and health overview on the Ops tab (`ops-card:ops/argocd-overview`).
 * @public
 */
export const opsArgoCdOverviewCard = OpsCardBlueprint.make({
  name: 'argocd-overview',
  params: {
    loader: () =>
      import('../components/ArgoCdCards').then(m => <m.ArgoCdOverviewCard />),
  },
});

/**
 * The Argo CD deployment history on the Ops tab (`ops-card:ops/argocd-history`).
 * @public
 */
export const opsArgoCdHistoryCard = OpsCardBlueprint.make({
  name: 'argocd-history',
  params: {
    loader: () =>
      import('../components/ArgoCdCards').then(m => <m.ArgoCdHistoryCard />),
  },
});

/**
 * The entity's HorizontalPodAutoscaler on the Ops tab (`ops-card:ops/hpa`): replicas, metric
 * targets with current values, and the replica history from Prometheus.
 * @public
 */
export const opsHpaCard = OpsCardBlueprint.make({
  name: 'hpa',
  params: {
    width: 'full',
    loader: () => import('../components/HpaCard').then(m => <m.HpaCard />),
  },
});
