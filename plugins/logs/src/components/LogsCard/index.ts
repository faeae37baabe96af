export { LogsCard } from './LogsCard';
export {
  buildLogLinks,
  buildPodLogLink,
  dataViewFor,
  readKibanaSettings,
} from './logLinks';
export type { KibanaSettings, LogLink, LogLinksInput } from './logLinks';
