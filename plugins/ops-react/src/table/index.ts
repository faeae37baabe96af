export { OpsTable } from './OpsTable';
