import Box from '@material-ui/core/Box';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Switch from '@material-ui/core/Switch';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import type { ResilienceForm, ResilienceSection } from './resilienceForm';

interface FieldSpec {
  key: string;
  label: string;
  helper: string;
}

interface SectionSpec {
  section: ResilienceSection;
  title: string;
  fields: FieldSpec[];
}

// Labels are unique across sections: they are the inputs' accessible names.
const SECTIONS: SectionSpec[] = [
  {
    section: 'delay',
    title: 'Fault injection: delay',
    fields: [
      { key: 'fixedDelay', label: 'Fixed delay', helper: 'e.g. 5s, 500ms' },
      { key: 'percentage', label: 'Delayed requests %', helper: '0-100' },
    ],
  },
  {
    section: 'abort',
    title: 'Fault injection: abort',
    fields: [
      { key: 'httpStatus', label: 'Abort HTTP status', helper: '200-599' },
      { key: 'percentage', label: 'Aborted requests %', helper: '0-100' },
    ],
  },
  {
    section: 'retries',
    title: 'Retries',
    fields: [
      { key: 'attempts', label: 'Retry attempts', helper: '0-20' },
      {
        key: 'perTryTimeout',
        label: 'Per-try timeout',
        helper: 'optional, e.g. 2s',
      },
      {
        key: 'retryOn',
        label: 'Retry on',
        helper: 'optional, e.g. 5xx,connect-failure',
      },
    ],
  },
  {
    section: 'timeout',
    title: 'Request timeout',
    fields: [{ key: 'value', label: 'Timeout', helper: 'e.g. 10s' }],
  },
  {
    section: 'outlier',
    title: 'Circuit breaker (outlier detection)',
    fields: [
      {
        key: 'consecutive5xxErrors',
        label: 'Consecutive 5xx errors',
        helper: 'optional',
      },
      {
        key: 'consecutiveGatewayErrors',
        label: 'Consecutive gateway errors',
        helper: 'optional',
      },
      { key: 'interval', label: 'Interval', helper: 'optional, e.g. 10s' },
      {
        key: 'baseEjectionTime',
        label: 'Base ejection time',
        helper: 'optional, e.g. 30s',
      },
      {
        key: 'maxEjectionPercent',
        label: 'Max ejection %',
        helper: 'optional, 0-100',
      },
    ],
  },
  {
    section: 'consistentHash',
    title: 'Consistent hash (sticky sessions)',
    fields: [
      { key: 'header', label: 'Hash on header', helper: 'an HTTP header name' },
    ],
  },
];

/**
 * Fault injection, retries, timeout, circuit breaker and consistent hash: each optional behind
 * an enable toggle, with the schema's messages next to the fields.
 */
export function ResilienceEditor(props: {
  form: ResilienceForm;
  onChange: (form: ResilienceForm) => void;
  fieldErrors: Record<string, string>;
  disabled: boolean;
}) {
  const { form, onChange, fieldErrors, disabled } = props;
  const update = (section: ResilienceSection, patch: Record<string, unknown>) =>
    onChange({ ...form, [section]: { ...form[section], ...patch } });

  return (
    <Box>
      {SECTIONS.map(({ section, title, fields }) => {
        const values = form[section] as unknown as Record<string, string> & {
          enabled: boolean;
        };
        return (
          <Box
            key={section}
            mb={1}
            data-testid={`traffic-resilience-${section}`}
          >
            <FormControlLabel
              control={
                <Switch
                  checked={values.enabled}
                  disabled={disabled}
                  onChange={event =>
                    update(section, { enabled: event.target.checked })
                  }
                  inputProps={{ 'aria-label': `Enable ${title}` }}
                />
              }
              label={<Typography variant="subtitle2">{title}</Typography>}
            />
            {values.enabled && (
              <Box display="flex" flexWrap="wrap" ml={6}>
                {fields.map(field => {
                  const error = fieldErrors[`${section}.${field.key}`];
                  return (
                    <Box key={field.key} mr={2} mb={1} width={220}>
                      <TextField
                        fullWidth
                        size="small"
                        id={`traffic-${section}-${field.key}`}
                        label={field.label}
                        value={values[field.key]}
                        disabled={disabled}
                        error={Boolean(error)}
                        helperText={error ?? field.helper}
                        onChange={event =>
                          update(section, { [field.key]: event.target.value })
                        }
                      />
                    </Box>
                  );
                })}
              </Box>
            )}
          </Box>
        );
      })}
    </Box>
  );
}
