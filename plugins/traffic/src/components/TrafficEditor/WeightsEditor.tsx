import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Slider from '@material-ui/core/Slider';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { SubsetProblem, weightPresets } from '@internal/plugin-traffic-common';
import {
  inputsForWeights,
  parseWeight,
  WeightInputs,
  WeightRow,
} from './weightsForm';

/**
 * Per subset a slider and a whole-number input, the presets, the live sum, and the force
 * checkbox when the edit sends more traffic to a subset without ready pods.
 */
export function WeightsEditor(props: {
  rows: WeightRow[];
  inputs: WeightInputs;
  onChange: (inputs: WeightInputs) => void;
  sum: number;
  invalid: string[];
  noReadyPods: SubsetProblem[];
  force: boolean;
  onForceChange: (force: boolean) => void;
  disabled: boolean;
}) {
  const { rows, inputs, onChange, sum, invalid, noReadyPods, disabled } = props;
  const presets = weightPresets(
    rows.filter(r => r.declared).map(r => r.subset),
  );
  const set = (subset: string, value: string) =>
    onChange({ ...inputs, [subset]: value });

  return (
    <Box>
      {presets.length > 0 && (
        <Box display="flex" flexWrap="wrap" mb={1}>
          {presets.map(preset => (
            <Box key={preset.id} mr={1} mb={1}>
              <Button
                size="small"
                variant="outlined"
                disabled={disabled}
                onClick={() => onChange(inputsForWeights(rows, preset.weights))}
              >
                {preset.label}
              </Button>
            </Box>
          ))}
        </Box>
      )}
      {rows.map(row => {
        const value = parseWeight(inputs[row.subset] ?? '');
        return (
          <Box
            key={row.subset}
            display="flex"
            alignItems="center"
            mb={1}
            data-testid={`traffic-weight-row-${row.subset}`}
          >
            <Box width={140}>
              <Typography variant="body1">{row.subset}</Typography>
              <Typography
                variant="caption"
                color={row.readyPods === 0 ? 'error' : 'textSecondary'}
              >
                {row.declared
                  ? `${row.readyPods}/${row.totalPods} pods ready`
                  : 'not in the DestinationRule'}
              </Typography>
            </Box>
            <Box flex={1} mx={2}>
              <Slider
                aria-label={`Weight slider for ${row.subset}`}
                value={value ?? 0}
                min={0}
                max={100}
                step={1}
                disabled={disabled}
                onChange={(_event, next) =>
                  set(row.subset, String(Array.isArray(next) ? next[0] : next))
                }
              />
            </Box>
            <TextField
              type="number"
              variant="outlined"
              size="small"
              style={{ width: 110 }}
              value={inputs[row.subset] ?? ''}
              disabled={disabled}
              error={invalid.includes(row.subset)}
              helperText={invalid.includes(row.subset) ? '0-100, whole' : ' '}
              inputProps={{
                'aria-label': `Weight for ${row.subset}`,
                min: 0,
                max: 100,
                step: 1,
              }}
              onChange={event => set(row.subset, event.target.value)}
            />
          </Box>
        );
      })}
      <Typography
        variant="body1"
        data-testid="traffic-weight-sum"
        color={sum === 100 ? 'textPrimary' : 'error'}
      >
        Sum: {sum}% {sum === 100 ? '✓' : '(must be 100%)'}
      </Typography>
      {noReadyPods.length > 0 && (
        <Box mt={1}>
          <Alert severity="warning" data-testid="traffic-no-ready-pods">
            {noReadyPods.map(p => (
              <div key={p.subset}>{p.message}.</div>
            ))}
            Requests routed there fail until its pods are ready.
          </Alert>
          <FormControlLabel
            control={
              <Checkbox
                checked={props.force}
                onChange={event => props.onForceChange(event.target.checked)}
              />
            }
            label="Force (recorded in the audit log)"
          />
        </Box>
      )}
    </Box>
  );
}
