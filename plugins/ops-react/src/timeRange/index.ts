export * from './timeRange';
export * from './OpsTimeRangeContext';
export { OpsTimeRangePicker } from './OpsTimeRangePicker';
