import { EntityArgoCDOverviewCard } from '@roadiehq/backstage-plugin-argo-cd';
import { ArgoCdCardBoundary } from './ArgoCdCardBoundary';

/**
 * Sync and health status of the entity's Argo CD Application (Roadie's overview card).
 * @public
 */
export function ArgoCdOverviewCard() {
  return (
    <ArgoCdCardBoundary>
      <EntityArgoCDOverviewCard title="Argo CD" />
    </ArgoCdCardBoundary>
  );
}
