import {
  createContext,
  ReactNode,
  useCallback,
  useContext,
  useMemo,
  useState,
} from 'react';

/** What {@link useOpsRefresh} returns. @public */
export interface OpsRefreshState {
  /**
   * Changes every time a refresh is requested (0 before the first). A card includes it in the
   * dependencies of its load, or uses it as the `key` of a component that loads on mount.
   */
  refreshKey: number;
  /** Ask every card of the tab to load its data again, e.g. after a deployment ended. */
  requestRefresh(): void;
}

const OpsRefreshContext = createContext<OpsRefreshState | undefined>(undefined);

const outsideTheTab: OpsRefreshState = {
  refreshKey: 0,
  requestRefresh: () => {},
};

/**
 * Holds the Ops tab's refresh signal: one card (the Argo CD actions, when an operation ends) asks
 * for a refresh, and every card that reads cluster or Argo CD state loads it again.
 * @public
 */
export function OpsRefreshProvider(props: { children: ReactNode }) {
  const [refreshKey, setRefreshKey] = useState(0);
  const requestRefresh = useCallback(() => setRefreshKey(key => key + 1), []);
  const value = useMemo(
    () => ({ refreshKey, requestRefresh }),
    [refreshKey, requestRefresh],
  );
  return (
    <OpsRefreshContext.Provider value={value}>
      {props.children}
    </OpsRefreshContext.Provider>
  );
}

/**
 * The Ops tab's refresh signal. Outside the tab (a card rendered alone, in a test) the key stays
 * 0 and a request does nothing.
 * @public
 */
export function useOpsRefresh(): OpsRefreshState {
  return useContext(OpsRefreshContext) ?? outsideTheTab;
}
