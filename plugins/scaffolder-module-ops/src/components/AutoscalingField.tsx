import Grid from '@material-ui/core/Grid';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import {
  AUTOSCALING_LABELS,
  AutoscalingKey,
  AutoscalingValue,
} from '../fields/validation';
import { parseNumberInput } from './RuleNumberField';

const INPUTS: AutoscalingKey[] = [
  'minReplicas',
  'maxReplicas',
  'cpuTargetPercent',
  'memoryTargetPercent',
];

type PropertySchema = { title?: string; description?: string };

/**
 * The HorizontalPodAutoscaler settings of a new service: minimum and maximum replicas, CPU
 * target and an optional memory target, one number input each. Errors for one input (from
 * the validator or the JSON schema) show under that input.
 *
 * @public
 */
export function AutoscalingField(
  props: FieldExtensionComponentProps<AutoscalingValue>,
) {
  const { onChange, formData, disabled, idSchema, schema, errorSchema } = props;
  const value: AutoscalingValue = formData ?? {};
  const properties = (schema.properties ?? {}) as Record<
    string,
    PropertySchema
  >;
  const required = new Set(schema.required ?? []);

  const update = (key: AutoscalingKey, next: number | undefined) => {
    const { [key]: _previous, ...rest } = value;
    onChange(next === undefined ? rest : { ...rest, [key]: next });
  };

  return (
    <>
      {schema.title && (
        <Typography variant="subtitle1" component="h3">
          {schema.title}
        </Typography>
      )}
      {schema.description && (
        <Typography variant="body2" color="textSecondary">
          {schema.description}
        </Typography>
      )}
      <Grid container spacing={2}>
        {INPUTS.map(key => {
          const errors: string[] =
            (
              errorSchema as Record<string, { __errors?: string[] }> | undefined
            )?.[key]?.__errors ?? [];
          return (
            <Grid item xs={12} sm={6} md={3} key={key}>
              <TextField
                id={`${idSchema?.$id ?? 'autoscaling'}_${key}`}
                type="number"
                label={properties[key]?.title ?? AUTOSCALING_LABELS[key]}
                required={required.has(key)}
                disabled={disabled}
                value={value[key] ?? ''}
                onChange={event =>
                  update(key, parseNumberInput(event.target.value))
                }
                error={errors.length > 0}
                helperText={errors[0] ?? properties[key]?.description}
                margin="normal"
                fullWidth
                FormHelperTextProps={{ style: { marginLeft: 0 } }}
              />
            </Grid>
          );
        })}
      </Grid>
    </>
  );
}
