import { useOpsRefresh } from '@internal/plugin-ops-react';
import { EntityArgoCDHistoryCard } from '@roadiehq/backstage-plugin-argo-cd';
import { ArgoCdCardBoundary } from './ArgoCdCardBoundary';

/**
 * Deployment history of the entity's Argo CD Application (Roadie's history card). Roadie's card
 * loads on mount only; an Ops tab refresh mounts it again.
 * @public
 */
export function ArgoCdHistoryCard() {
  const { refreshKey } = useOpsRefresh();
  return (
    <ArgoCdCardBoundary>
      <EntityArgoCDHistoryCard key={refreshKey} />
    </ArgoCdCardBoundary>
  );
}
