import { useCallback, useEffect, useRef, useState } from 'react';
import type {
  ArgoActionsState,
  ArgoOperationView,
} from '@internal/plugin-argocd-actions-common';
import { useOpsPolledState } from '@internal/plugin-ops-react';
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
  const [awaited, setAwaited] = useState<AwaitedOperation>();
  const latestAwaited = useRef(awaited);
  latestAwaited.current = awaited;
  const onOperationEnded = useRef(options.onOperationEnded);
  onOperationEnded.current = options.onOperationEnded;

  const track = useCallback((step: TrackingStep) => {
    setAwaited(step.awaited);
    if (step.ended) onOperationEnded.current(step.operation);
  }, []);

  const read = useCallback(() => api.getState(entityRef), [api, entityRef]);
  useEffect(() => setAwaited(undefined), [read]);
  const { show, ...loaded } = useOpsPolledState({
    read,
    pollIntervalMs: options.pollIntervalMs,
    pollWhile: value => isActive(value) || awaited !== undefined,
    onReread: (value, previous) =>
      track(afterPoll(previous, latestAwaited.current, value)),
  });

  const watch = useCallback(
    (state: ArgoActionsState, before: ArgoOperationView | undefined) => {
      show(state);
      track(afterAction(state, before));
    },
    [show, track],
  );

  const replace = useCallback(
    (state: ArgoActionsState) => {
      show(state);
      setAwaited(undefined);
    },
    [show],
  );

  return { ...loaded, watch, replace };
}
