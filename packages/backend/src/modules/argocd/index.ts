export { argoCdReadOnlyPlugin } from './argoCdReadOnlyPlugin';
