import { useCallback, useEffect, useRef, useState } from 'react';
import type {
  ArgoActionsState,
  ArgoActionsStateResponse,
  ArgoOperationView,
} from '@internal/plugin-argocd-actions-common';
import { useOpsRefresh } from '@internal/plugin-ops-react';
import type { ArgoActionsApi } from '../../api';
import {
  afterAction,
  afterPoll,
  AwaitedOperation,
  isActive,
  TrackingStep,
} from './operationTracking';

/** How often the card re-reads the state while an operation runs. */
export const DEFAULT_POLL_INTERVAL_MS = 2000;

interface Loaded {
  loading: boolean;
  value?: ArgoActionsStateResponse;
  error?: Error;
  /** The last poll failed; the value shown is the one before it, and polling goes on. */
  pollError?: Error;
}

/** Options of {@link useArgoActionsState}. */
export interface ArgoActionsStateOptions {
  pollIntervalMs: number;
  /**
   * The operation the card followed has ended (Succeeded, Failed or Error; undefined when Argo
   * CD never showed the operation an action asked for).
   */
  onOperationEnded: (operation: ArgoOperationView | undefined) => void;
}

/**
 * Loads the entity's Argo CD actions state and, while an operation runs (or after an action,
 * until the operation it started shows up and ends), re-reads it every `pollIntervalMs`; polling
 * stops when the phase is no longer Running or Terminating, and on unmount. An Ops tab refresh
 * re-reads it in place.
 *
 * `watch` shows the state an action answered and follows the operation it started; `replace`
 * shows a state from elsewhere (the `current` of a conflict).
 */
export function useArgoActionsState(
  api: ArgoActionsApi,
  entityRef: string,
  options: ArgoActionsStateOptions,
) {
  const { pollIntervalMs } = options;
  const [loaded, setLoaded] = useState<Loaded>({ loading: true });
  const [awaited, setAwaited] = useState<AwaitedOperation>();
  // Bumped after every poll, watch and replace, so the polling effect schedules the next read.
  const [generation, setGeneration] = useState(0);
  const onOperationEnded = useRef(options.onOperationEnded);
  onOperationEnded.current = options.onOperationEnded;
  const latest = useRef({ value: loaded.value, awaited });
  latest.current = { value: loaded.value, awaited };

  const apply = useCallback(
    (value: ArgoActionsStateResponse, step: TrackingStep) => {
      setLoaded({ loading: false, value });
      setAwaited(step.awaited);
      if (step.ended) onOperationEnded.current(step.operation);
    },
    [],
  );

  useEffect(() => {
    let cancelled = false;
    setLoaded({ loading: true });
    setAwaited(undefined);
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
      value =>
        !cancelled &&
        apply(
          value,
          afterPoll(latest.current.value, latest.current.awaited, value),
        ),
      pollError =>
        !cancelled && setLoaded(previous => ({ ...previous, pollError })),
    );
    return () => {
      cancelled = true;
    };
  }, [api, entityRef, refreshKey, apply]);

  const polling = isActive(loaded.value) || awaited !== undefined;
  useEffect(() => {
    if (!polling) return undefined;
    let cancelled = false;
    const timer = setTimeout(() => {
      api
        .getState(entityRef)
        .then(
          value =>
            !cancelled &&
            apply(
              value,
              afterPoll(latest.current.value, latest.current.awaited, value),
            ),
          pollError =>
            !cancelled && setLoaded(previous => ({ ...previous, pollError })),
        )
        .finally(() => !cancelled && setGeneration(g => g + 1));
    }, pollIntervalMs);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [api, entityRef, polling, pollIntervalMs, generation, apply]);

  const watch = useCallback(
    (state: ArgoActionsState, before: ArgoOperationView | undefined) => {
      apply(state, afterAction(state, before));
      setGeneration(g => g + 1);
    },
    [apply],
  );

  const replace = useCallback((state: ArgoActionsState) => {
    setLoaded({ loading: false, value: state });
    setAwaited(undefined);
    setGeneration(g => g + 1);
  }, []);

  return { ...loaded, polling, watch, replace };
}
