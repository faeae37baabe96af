import { EntityArgoCDHistoryCard } from '@roadiehq/backstage-plugin-argo-cd';
import { ArgoCdCardBoundary } from './ArgoCdCardBoundary';

/**
 * Deployment history of the entity's Argo CD Application (Roadie's history card).
 * @public
 */
export function ArgoCdHistoryCard() {
  return (
    <ArgoCdCardBoundary>
      <EntityArgoCDHistoryCard />
    </ArgoCdCardBoundary>
  );
}
