import { EmptyState } from '@backstage/core-components';
import {
  OpsRefreshProvider,
  OpsTimeRangePicker,
  OpsTimeRangeProvider,
} from '@internal/plugin-ops-react';
import Grid from '@material-ui/core/Grid';

/** Props of {@link OpsContent}. @public */
export interface OpsContentProps {
  /** The cards attached to the Ops tab, in display order. */
  cards: JSX.Element[];
}

/**
 * The Ops tab: the time window picker, then one full-width row per card. Each card handles its
 * own loading, empty and error states, so one failing upstream leaves the other cards working;
 * cards that show time series or log links follow the shared window (`useOpsTimeRange`), and
 * cards that read cluster or Argo CD state load again when one asks (`useOpsRefresh`).
 *
 * @public
 */
export function OpsContent({ cards }: OpsContentProps) {
  if (cards.length === 0) {
    return (
      <EmptyState
        missing="content"
        title="No ops cards installed"
        description="Install a plugin that attaches cards to the Ops tab."
      />
    );
  }
  return (
    <OpsRefreshProvider>
      <OpsTimeRangeProvider>
        <Grid container spacing={3} alignItems="stretch">
          <Grid item xs={12}>
            <OpsTimeRangePicker />
          </Grid>
          {cards.map((card, index) => (
            <Grid item xs={12} key={index}>
              {card}
            </Grid>
          ))}
        </Grid>
      </OpsTimeRangeProvider>
    </OpsRefreshProvider>
  );
}
