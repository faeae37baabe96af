import useAsync from 'react-use/esm/useAsync';
import { useApiHolder } from '@backstage/frontend-plugin-api';
import { useOpsTimeRange } from '@internal/plugin-ops-react';
import { isOpsNotConfigured } from '@internal/plugin-ops-common';
import { metricsApiRef } from '../../api/MetricsApi';
import type { DeployMarkersResponse } from '../../api/types';

/**
 * The entity's deploy markers and last-deploy comparison for the Ops tab's window. Optional
 * decoration: while loading, on failure or for an entity without metrics the charts simply have
 * no markers (`value` undefined; `error` says why).
 * @public
 */
export function useDeployMarkers(entityRef: string): {
  value?: DeployMarkersResponse;
  error?: Error;
} {
  const metricsApi = useApiHolder().get(metricsApiRef);
  const { window } = useOpsTimeRange();
  const end = window.to.getTime();
  const state = useAsync(async () => {
    if (!metricsApi) return undefined;
    const answer = await metricsApi.getDeployMarkers({
      entityRef,
      range: window.range,
      end: new Date(end),
    });
    return isOpsNotConfigured(answer) ? undefined : answer;
  }, [metricsApi, entityRef, window.range, end]);
  return { value: state.value, error: state.error };
}
