import { Link } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { memo, useMemo } from 'react';
import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { DeployMarker, MetricsSeries } from '../../api';
import {
  DeployMarkerList,
  MARKER_COLOURS,
} from '../DeployMarkers/DeployMarkerList';
import {
  ChartUnit,
  formatMetricValue,
  formatSampleTime,
  hasSamples,
  toChartRows,
} from './format';

/** Distinguishable line colours, reused in order when there are more series. */
const PALETTE = [
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#d62728',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#17becf',
];

const useStyles = makeStyles(theme => ({
  legend: {
    listStyle: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(1.5),
  },
  swatch: {
    display: 'inline-block',
    width: 10,
    height: 10,
    borderRadius: 2,
    marginRight: theme.spacing(0.5),
  },
}));

/** Props of {@link TimeSeriesChart}. @public */
export interface TimeSeriesChartProps {
  title: string;
  unit: ChartUnit;
  series: MetricsSeries[];
  /** The query in the Prometheus UI; rendered as a "Prometheus" link. */
  graphUrl?: string;
  /** Chart height in pixels. */
  height?: number;
  /** Shown instead of the chart when no series has a value. */
  emptyMessage?: string;
  /** Deploys to draw as vertical lines (those outside the data are left out). */
  markers?: DeployMarker[];
  /** List the markers under the chart too (default true; a card that lists them once says false). */
  listMarkers?: boolean;
}

const NO_MARKERS: DeployMarker[] = [];

/** The chart's formatters, one set per unit, so that recharts sees the same functions. */
function useFormatters(unit: ChartUnit) {
  return useMemo(
    () => ({
      tick: (value: number) => formatMetricValue(value, unit),
      label: (value: unknown) => formatSampleTime(Number(value)),
      value: (value: unknown) => formatMetricValue(Number(value), unit),
    }),
    [unit],
  );
}

function TimeSeriesChartView(props: TimeSeriesChartProps) {
  const {
    title,
    unit,
    series,
    graphUrl,
    height = 180,
    emptyMessage = 'No data in the window',
    markers = NO_MARKERS,
    listMarkers = true,
  } = props;
  const classes = useStyles();
  const colour = (index: number) => PALETTE[index % PALETTE.length];
  const rows = useMemo(() => toChartRows(series), [series]);
  const format = useFormatters(unit);
  return (
    <Box component="section" aria-label={title}>
      <Box display="flex" justifyContent="space-between" alignItems="baseline">
        <Typography variant="subtitle2">{title}</Typography>
        {graphUrl && (
          <Link to={graphUrl} aria-label={`${title} in Prometheus`}>
            Prometheus
          </Link>
        )}
      </Box>
      {hasSamples(series) ? (
        <>
          <ResponsiveContainer
            width="100%"
            height={height}
            initialDimension={{ width: 400, height }}
          >
            <LineChart
              data={rows}
              margin={{ top: 8, right: 8, bottom: 0, left: 0 }}
            >
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis
                dataKey="t"
                type="number"
                scale="time"
                domain={['dataMin', 'dataMax']}
                tickFormatter={formatSampleTime}
                fontSize={11}
              />
              <YAxis width={72} tickFormatter={format.tick} fontSize={11} />
              <Tooltip labelFormatter={format.label} formatter={format.value} />
              {markers.map(marker => (
                <ReferenceLine
                  key={`${marker.kind}-${marker.time}-${marker.label}`}
                  x={marker.time / 1000}
                  stroke={MARKER_COLOURS[marker.kind]}
                  strokeDasharray={
                    marker.kind === 'rollout' ? '4 2' : undefined
                  }
                  ifOverflow="discard"
                />
              ))}
              {series.map((line, index) => (
                <Line
                  key={line.key}
                  dataKey={`s${index}`}
                  name={line.key}
                  stroke={colour(index)}
                  dot={false}
                  connectNulls={false}
                  isAnimationActive={false}
                />
              ))}
            </LineChart>
          </ResponsiveContainer>
          <ul className={classes.legend} aria-label={`${title} legend`}>
            {series.map((line, index) => (
              <li key={line.key}>
                <span
                  className={classes.swatch}
                  style={{ backgroundColor: colour(index) }}
                />
                <Typography variant="caption">{line.key}</Typography>
              </li>
            ))}
          </ul>
          {listMarkers && <DeployMarkerList title={title} markers={markers} />}
        </>
      ) : (
        <Typography variant="body2" color="textSecondary">
          {emptyMessage}
        </Typography>
      )}
    </Box>
  );
}

/**
 * A line chart of time series sampled on one step, with an HTML legend (one entry per series
 * key), values formatted in their unit, an optional link to the query in Prometheus, and the
 * deploys of the window as vertical lines with a badge each under the chart. Rendering a chart is
 * the Ops tab's main cost in the browser: it renders again only when its props change (the series
 * and markers of an answer keep their identity), not whenever its card does.
 * @public
 */
export const TimeSeriesChart = memo(TimeSeriesChartView);
