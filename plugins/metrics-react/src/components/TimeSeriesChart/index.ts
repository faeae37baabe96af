export { TimeSeriesChart } from './TimeSeriesChart';
export type { TimeSeriesChartProps } from './TimeSeriesChart';
export { formatMetricValue, formatSampleTime } from './format';
export type { ChartUnit } from './format';
