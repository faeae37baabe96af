import useAsync from 'react-use/esm/useAsync';
import { useApiHolder } from '@backstage/frontend-plugin-api';
import {
  isMissingAnnotation,
  metricsApiRef,
} from '@internal/plugin-metrics-react';

/**
 * The split Istio observed over the last 5 minutes, from the metrics plugin's API. Optional:
 * without the metrics plugin, or with Prometheus down, only the observed column says so.
 * Read at once, beside the traffic state, and again whenever `generation` changes (a new state
 * version, {@link useStateGeneration}).
 */
export function useObservedSplit(entityRef: string, generation: number) {
  const metricsApi = useApiHolder().get(metricsApiRef);
  return useAsync(async () => {
    if (!metricsApi) {
      throw new Error('the metrics plugin is not installed');
    }
    const result = await metricsApi.getObservedSplit(entityRef);
    if (isMissingAnnotation(result)) {
      throw new Error(`the entity lacks ${result.missingAnnotation}`);
    }
    return result;
  }, [metricsApi, entityRef, generation]);
}
