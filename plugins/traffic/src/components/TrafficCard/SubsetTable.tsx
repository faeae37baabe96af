import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import {
  SubsetWeight,
  TrafficState,
  weightsEqual,
} from '@internal/plugin-traffic-common';
import type { ObservedSplitResponse } from '@internal/plugin-metrics-react';
import { OpsTable } from '@internal/plugin-ops-react';
import { describeObserved, errorMessage, subsetVersion } from './describe';

/** The observed split as the card loaded it. */
export interface ObservedSplitView {
  loading: boolean;
  value?: ObservedSplitResponse;
  error?: Error;
}

function weightOf(weights: SubsetWeight[], subset: string) {
  return weights.find(w => w.subset === subset)?.weight ?? 0;
}

/**
 * One row per DestinationRule subset (plus routed subsets the rule lacks): live weight, the
 * desired weight when Git asks for something else, the observed share and the ready pods.
 */
export function SubsetTable(props: {
  state: TrafficState;
  observed: ObservedSplitView;
}) {
  const { state, observed } = props;
  const names = [
    ...state.subsets.map(s => s.name),
    ...[...state.live.weights, ...state.desired.weights]
      .map(w => w.subset)
      .filter(name => !state.subsets.some(s => s.name === name)),
  ].filter((name, index, all) => all.indexOf(name) === index);
  const showDesired =
    state.management.mode === 'git' &&
    !weightsEqual(state.live.weights, state.desired.weights);

  const observedCell = (name: string) => {
    if (observed.loading) return '…';
    if (!observed.value) return 'unavailable';
    const subset = state.subsets.find(s => s.name === name);
    return describeObserved(
      observed.value,
      subset ? subsetVersion(subset) : name,
    );
  };

  return (
    <>
      <OpsTable aria-label="Traffic per subset">
        <TableHead>
          <TableRow>
            <TableCell>Subset</TableCell>
            <TableCell align="right">Live weight</TableCell>
            {showDesired && <TableCell align="right">Desired (Git)</TableCell>}
            <TableCell align="right">Observed (last 5 min)</TableCell>
            <TableCell align="right">Ready pods</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {names.map(name => {
            const subset = state.subsets.find(s => s.name === name);
            const live = weightOf(state.live.weights, name);
            const desired = weightOf(state.desired.weights, name);
            return (
              <TableRow key={name} data-testid={`traffic-subset-${name}`}>
                <TableCell component="th" scope="row">
                  {name}
                  {!subset && (
                    <Typography variant="caption" color="error" component="div">
                      not declared in the DestinationRule
                    </Typography>
                  )}
                </TableCell>
                <TableCell
                  align="right"
                  data-testid={`traffic-live-weight-${name}`}
                >
                  {live}%
                </TableCell>
                {showDesired && (
                  <TableCell
                    align="right"
                    data-testid={`traffic-desired-weight-${name}`}
                  >
                    {desired === live ? `${desired}%` : <b>{desired}%</b>}
                  </TableCell>
                )}
                <TableCell
                  align="right"
                  data-testid={`traffic-observed-${name}`}
                >
                  {observedCell(name)}
                </TableCell>
                <TableCell
                  align="right"
                  data-testid={`traffic-ready-pods-${name}`}
                >
                  <Typography
                    variant="body2"
                    color={
                      subset && subset.readyPods === 0 ? 'error' : 'inherit'
                    }
                  >
                    {subset ? `${subset.readyPods}/${subset.totalPods}` : '—'}
                  </Typography>
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </OpsTable>
      {observed.error && (
        <Typography
          variant="caption"
          color="textSecondary"
          data-testid="traffic-observed-error"
        >
          Observed split unavailable: {errorMessage(observed.error)}
        </Typography>
      )}
    </>
  );
}
