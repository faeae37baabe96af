import Box from '@material-ui/core/Box';
import { ErrorBoundary } from '@backstage/core-components';
import { useOpsRefresh } from '@internal/plugin-ops-react';
import { EntityArgoCDOverviewCard } from '@roadiehq/backstage-plugin-argo-cd';
import { ArgoCdActionBar } from '../ArgoCdActions';
import { ArgoCdCardBoundary } from './ArgoCdCardBoundary';

/**
 * Sync and health status of the entity's Argo CD Application (Roadie's overview card), with the
 * action bar under it: sync, hard refresh, rollback and cancel, and the operation's progress.
 * Roadie's card loads on mount only; an Ops tab refresh (e.g. when an operation ends) mounts it
 * again. Each part has its own error boundary.
 * @public
 */
export function ArgoCdOverviewCard() {
  const { refreshKey } = useOpsRefresh();
  return (
    <ArgoCdCardBoundary>
      <Box display="flex" flexDirection="column" gridGap={8}>
        <ErrorBoundary>
          <EntityArgoCDOverviewCard key={refreshKey} title="Argo CD" />
        </ErrorBoundary>
        <ErrorBoundary>
          <ArgoCdActionBar />
        </ErrorBoundary>
      </Box>
    </ArgoCdCardBoundary>
  );
}
