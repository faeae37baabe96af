import {
  createContext,
  ReactNode,
  useCallback,
  useContext,
  useMemo,
  useState,
} from 'react';
import { OpsTimeRange, OpsTimeWindow, timeWindow } from './timeRange';

/** What {@link useOpsTimeRange} returns. @public */
export interface OpsTimeRangeState {
  /** The window on screen; every card queries and links for exactly this window. */
  window: OpsTimeWindow;
  /** Choose another range; the window then ends now. */
  setRange(range: OpsTimeRange): void;
  /** Move the window's end to now, keeping the range. */
  refresh(): void;
}

const OpsTimeRangeContext = createContext<OpsTimeRangeState | undefined>(
  undefined,
);

/** Props of {@link OpsTimeRangeProvider}. @public */
export interface OpsTimeRangeProviderProps {
  initialRange?: OpsTimeRange;
  /** The clock, for tests. */
  now?: () => Date;
  children: ReactNode;
}

/**
 * Holds the time window of the Ops tab, so the metrics charts and the log links of every card
 * cover the same minutes.
 * @public
 */
export function OpsTimeRangeProvider(props: OpsTimeRangeProviderProps) {
  const { initialRange = '1h', now = () => new Date(), children } = props;
  const [window, setWindow] = useState(() => timeWindow(initialRange, now()));
  const setRange = useCallback(
    (range: OpsTimeRange) => setWindow(timeWindow(range, now())),
    // `now` is a clock; a new function identity must not reset the window.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [],
  );
  const refresh = useCallback(
    () => setWindow(current => timeWindow(current.range, now())),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [],
  );
  const value = useMemo(
    () => ({ window, setRange, refresh }),
    [window, setRange, refresh],
  );
  return (
    <OpsTimeRangeContext.Provider value={value}>
      {children}
    </OpsTimeRangeContext.Provider>
  );
}

/**
 * The Ops tab's time window. Outside the tab (a card rendered alone, in a test) it falls back to
 * the last hour ending at the first render.
 * @public
 */
export function useOpsTimeRange(): OpsTimeRangeState {
  const context = useContext(OpsTimeRangeContext);
  const [fallback] = useState<OpsTimeRangeState>(() => ({
    window: timeWindow('1h', new Date()),
    setRange: () => {},
    refresh: () => {},
  }));
  return context ?? fallback;
}
