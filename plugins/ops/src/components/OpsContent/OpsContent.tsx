import { EmptyState } from '@backstage/core-components';
import {
  OpsCardWidth,
  OpsRefreshProvider,
  OpsTimeRangePicker,
  OpsTimeRangeProvider,
} from '@internal/plugin-ops-react';
import Grid from '@material-ui/core/Grid';

/** One card of the Ops tab and how wide it is. @public */
export interface OpsContentCard {
  element: JSX.Element;
  /** `half` (default) shares a row on wide screens; `full` always takes the whole row. */
  width?: OpsCardWidth;
}

/** Props of {@link OpsContent}. @public */
export interface OpsContentProps {
  /** The cards attached to the Ops tab, in display order. */
  cards: OpsContentCard[];
}

/**
 * The Ops tab: the time window picker, then the cards in a responsive grid: one column on narrow
 * screens, two on wide ones, where charts and wide tables (`width: 'full'`) take the whole row.
 * Each card handles its own loading, empty and error states, so one failing upstream leaves the
 * other cards working; cards that show time series or log links follow the shared window
 * (`useOpsTimeRange`), and cards that read cluster or Argo CD state load again when one asks
 * (`useOpsRefresh`).
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
          {cards.map((card, index) => {
            const width = card.width ?? 'half';
            return (
              <Grid
                item
                xs={12}
                lg={width === 'full' ? 12 : 6}
                key={index}
                data-testid="ops-card-slot"
                data-width={width}
              >
                {card.element}
              </Grid>
            );
          })}
        </Grid>
      </OpsTimeRangeProvider>
    </OpsRefreshProvider>
  );
}
