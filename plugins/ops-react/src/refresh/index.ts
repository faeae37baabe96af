export * from './OpsRefreshContext';
