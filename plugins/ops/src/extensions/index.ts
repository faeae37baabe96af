export { opsEntityContent } from './opsEntityContent';
export {
  opsKubernetesCard,
  opsArgoCdOverviewCard,
  opsArgoCdHistoryCard,
  opsHpaCard,
} from './opsCards';
export { argoCdApi } from './argoCdApi';
export { argoActionsApi } from './argoActionsApi';
