import { useCallback, useEffect, useRef, useState } from 'react';
import { useOpsRefresh } from './OpsRefreshContext';

/** What {@link useOpsPolledState} shows. */
export interface OpsPolledState<T> {
  loading: boolean;
  value?: T;
  /** The first read failed: there is no value. */
  error?: Error;
  /** The last re-read failed; the value shown is the one before it, and polling goes on. */
  pollError?: Error;
}

/** Options of {@link useOpsPolledState}. */
export interface OpsPolledStateOptions<T> {
  /**
   * Reads the state. Memoize it (`useCallback`) on what it reads: a new function loads the state
   * again from scratch (another entity).
   */
  read: () => Promise<T>;
  /** Whether the state shown is still moving: then it is re-read every `pollIntervalMs`. */
  pollWhile: (value: T | undefined) => boolean;
  pollIntervalMs: number;
  /** A re-read (a poll or an Ops tab refresh) answered `value`, which replaces `previous`. */
  onReread?: (value: T, previous: T | undefined) => void;
}

/**
 * A card's state that follows the backend: read on mount (and from scratch when `read` changes),
 * re-read in place on an Ops tab refresh (`useOpsRefresh`), and every `pollIntervalMs` while
 * `pollWhile` holds for the value shown. A failed re-read keeps the value (`pollError`); polling
 * stops on unmount. `show(value)` shows a state the card got elsewhere (an action's answer, the
 * current state of a conflict) and lets polling decide again from it.
 */
export function useOpsPolledState<T>(options: OpsPolledStateOptions<T>) {
  const { read, pollIntervalMs } = options;
  const [loaded, setLoaded] = useState<OpsPolledState<T>>({ loading: true });
  // Bumped after every poll and show, so the polling effect schedules the next read.
  const [generation, setGeneration] = useState(0);
  const latest = useRef(loaded.value);
  latest.current = loaded.value;
  const onReread = useRef(options.onReread);
  onReread.current = options.onReread;

  useEffect(() => {
    let cancelled = false;
    setLoaded({ loading: true });
    read().then(
      value => !cancelled && setLoaded({ loading: false, value }),
      error => !cancelled && setLoaded({ loading: false, error }),
    );
    return () => {
      cancelled = true;
    };
  }, [read]);

  const reread = useCallback(
    (cancelled: () => boolean) =>
      read().then(
        value => {
          if (cancelled()) return;
          const previous = latest.current;
          setLoaded({ loading: false, value });
          onReread.current?.(value, previous);
        },
        pollError => {
          if (!cancelled()) setLoaded(previous => ({ ...previous, pollError }));
        },
      ),
    [read],
  );

  const { refreshKey } = useOpsRefresh();
  const mountedRefreshKey = useRef(refreshKey);
  useEffect(() => {
    if (refreshKey === mountedRefreshKey.current) return undefined;
    let cancelled = false;
    reread(() => cancelled);
    return () => {
      cancelled = true;
    };
  }, [reread, refreshKey]);

  const polling = options.pollWhile(loaded.value);
  useEffect(() => {
    if (!polling) return undefined;
    let cancelled = false;
    const timer = setTimeout(() => {
      reread(() => cancelled).finally(
        () => !cancelled && setGeneration(g => g + 1),
      );
    }, pollIntervalMs);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [reread, polling, pollIntervalMs, generation]);

  const show = useCallback((value: T) => {
    setLoaded({ loading: false, value });
    setGeneration(g => g + 1);
  }, []);

  return { ...loaded, polling, show };
}
