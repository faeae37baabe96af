import type { ObjectsByEntityResponse } from '@backstage/plugin-kubernetes-common';
import type { HpaObject } from './hpaMetrics';

/** An HPA and the cluster it was read from. */
export interface ClusterHpa {
  cluster: string;
  hpa: HpaObject;
}

/** The HPAs in a Kubernetes backend response, across clusters. */
export function findHpas(
  response: ObjectsByEntityResponse | undefined,
): ClusterHpa[] {
  return (response?.items ?? []).flatMap(item =>
    item.resources
      .filter(resources => resources.type === 'horizontalpodautoscalers')
      .flatMap(resources =>
        (resources.resources as HpaObject[]).map(hpa => ({
          cluster: item.cluster.title ?? item.cluster.name,
          hpa,
        })),
      ),
  );
}

/**
 * Per-cluster errors that concern the HPAs: the cluster was unreachable, or the HPA list failed
 * (e.g. 403 on autoscaling/v2). Errors of other kinds belong to the Kubernetes card.
 */
export function hpaFetchErrors(
  response: ObjectsByEntityResponse | undefined,
): string[] {
  return (response?.items ?? []).flatMap(item => {
    const cluster = item.cluster.title ?? item.cluster.name;
    return item.errors.flatMap(error => {
      if (error.errorType === 'FETCH_ERROR') {
        return [`cluster ${cluster}: ${error.message}`];
      }
      if (error.resourcePath?.includes('horizontalpodautoscalers')) {
        return [
          `cluster ${cluster}: ${error.errorType}${
            error.statusCode ? ` (HTTP ${error.statusCode})` : ''
          } on ${error.resourcePath}`,
        ];
      }
      return [];
    });
  });
}
