import { useCallback, useEffect, useRef, useState } from 'react';
import { useOpsRefresh } from '@internal/plugin-ops-react';
import {
  isTrafficNotConfigured,
  TrafficState,
  TrafficStateResponse,
} from '@internal/plugin-traffic-common';
import type { TrafficApi } from '../../api';

/** How often the card re-reads the state while a save waits for Argo CD. */
export const DEFAULT_POLL_INTERVAL_MS = 3000;

interface Loaded {
  loading: boolean;
  value?: TrafficStateResponse;
  error?: Error;
  /** The last poll failed; the value shown is the one before it, and polling goes on. */
  pollError?: Error;
}

/**
 * Loads the entity's traffic state, and while it is `pending` (Git has a change the cluster
 * does not run yet) re-reads it every `pollIntervalMs` until it is synced. `replace` shows a
 * state the backend returned elsewhere (after a save or a conflict). An Ops tab refresh (another
 * card changed the cluster, e.g. an Argo CD sync ended) re-reads it in place, as a poll does.
 */
export function useTrafficState(
  api: TrafficApi,
  entityRef: string,
  pollIntervalMs: number,
) {
  const [loaded, setLoaded] = useState<Loaded>({ loading: true });
  // Bumped after every poll and replace, so the polling effect schedules the next read.
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    let cancelled = false;
    setLoaded({ loading: true });
    api.getState(entityRef).then(
      value => !cancelled && setLoaded({ loading: false, value }),
      error => !cancelled && setLoaded({ loading: false, error }),
    );
    return () => {
      cancelled = true;
    };
  }, [api, entityRef]);

  const { refreshKey } = useOpsRefresh();
  const mountedRefreshKey = useRef(refreshKey);
  useEffect(() => {
    if (refreshKey === mountedRefreshKey.current) return undefined;
    let cancelled = false;
    api.getState(entityRef).then(
      value => !cancelled && setLoaded({ loading: false, value }),
      pollError =>
        !cancelled && setLoaded(previous => ({ ...previous, pollError })),
    );
    return () => {
      cancelled = true;
    };
  }, [api, entityRef, refreshKey]);

  const pending =
    loaded.value !== undefined &&
    !isTrafficNotConfigured(loaded.value) &&
    loaded.value.sync === 'pending';

  useEffect(() => {
    if (!pending) return undefined;
    let cancelled = false;
    const timer = setTimeout(() => {
      api
        .getState(entityRef)
        .then(
          value => !cancelled && setLoaded({ loading: false, value }),
          pollError =>
            !cancelled && setLoaded(previous => ({ ...previous, pollError })),
        )
        .finally(() => !cancelled && setGeneration(g => g + 1));
    }, pollIntervalMs);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [api, entityRef, pending, pollIntervalMs, generation]);

  const replace = useCallback((state: TrafficState) => {
    setLoaded({ loading: false, value: state });
    setGeneration(g => g + 1);
  }, []);

  return { ...loaded, pending, replace };
}
