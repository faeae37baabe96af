import { useEffect, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { useApiHolder } from '@backstage/frontend-plugin-api';
import { metricsApiRef } from '@internal/plugin-metrics-react';

/** How often the verdicts are re-read while the card is open. */
export const CANARY_REFRESH_MS = 30_000;

/**
 * The canary verdicts of the entity's versions from the metrics plugin's API, re-read every
 * {@link CANARY_REFRESH_MS} and whenever `generation` changes (a new state version,
 * {@link useStateGeneration}). Optional: without the metrics plugin, or with Prometheus down, only
 * the verdict section says so. A malformed thresholds annotation comes back as the not-configured
 * answer, which the caller shows. Read at once, in parallel with the traffic state: the verdicts
 * are only shown next to it.
 */
export function useCanaryAnalysis(entityRef: string, generation: number) {
  const metricsApi = useApiHolder().get(metricsApiRef);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick(t => t + 1), CANARY_REFRESH_MS);
    return () => clearInterval(timer);
  }, []);
  return useAsync(async () => {
    if (!metricsApi) {
      throw new Error('the metrics plugin is not installed');
    }
    return metricsApi.getCanaryAnalysis(entityRef);
  }, [metricsApi, entityRef, generation, tick]);
}
