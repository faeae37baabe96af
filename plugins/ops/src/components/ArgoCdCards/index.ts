export { ArgoCdOverviewCard } from './ArgoCdOverviewCard';
export { ArgoCdHistoryCard } from './ArgoCdHistoryCard';
