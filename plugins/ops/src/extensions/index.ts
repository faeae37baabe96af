export { opsEntityContent } from './opsEntityContent';
export {
  opsKubernetesCard,
  opsArgoCdOverviewCard,
  opsArgoCdHistoryCard,
} from './opsCards';
export { argoCdApi } from './argoCdApi';
