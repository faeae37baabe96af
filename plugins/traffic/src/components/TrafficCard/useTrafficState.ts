import { useCallback } from 'react';
import { useOpsPolledState } from '@internal/plugin-ops-react';
import {
  isTrafficNotConfigured,
  TrafficStateResponse,
} from '@internal/plugin-traffic-common';
import type { TrafficApi } from '../../api';

/** How often the card re-reads the state while a save waits for Argo CD. */
export const DEFAULT_POLL_INTERVAL_MS = 3000;

/** Git has a change the cluster does not run yet. */
function isPending(value: TrafficStateResponse | undefined): boolean {
  return (
    value !== undefined &&
    !isTrafficNotConfigured(value) &&
    value.sync === 'pending'
  );
}

/**
 * Loads the entity's traffic state, and while it is `pending` (Git has a change the cluster
 * does not run yet) or while `follow` holds, re-reads it every `pollIntervalMs`. `replace` shows a
 * state the backend returned elsewhere (after a save or a conflict). An Ops tab refresh (another
 * card changed the cluster, e.g. an Argo CD sync ended) re-reads it in place, as a poll does.
 */
export function useTrafficState(
  api: TrafficApi,
  entityRef: string,
  pollIntervalMs: number,
  /** Re-read every `pollIntervalMs` whatever the state (a rollout is moving the weights). */
  follow = false,
) {
  const read = useCallback(() => api.getState(entityRef), [api, entityRef]);
  const {
    show,
    polling: _polling,
    ...loaded
  } = useOpsPolledState({
    read,
    pollIntervalMs,
    pollWhile: value => follow || isPending(value),
  });
  return { ...loaded, pending: isPending(loaded.value), replace: show };
}
