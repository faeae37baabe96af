export * from './OpsRefreshContext';
export * from './useOpsPolledState';
