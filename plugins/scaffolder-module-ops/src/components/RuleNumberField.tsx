import TextField from '@material-ui/core/TextField';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { ruleFieldProps } from './ruleFieldProps';

/**
 * Parses a number input's text: empty is no value; anything else is kept as typed (a fraction
 * stays a fraction) so the validator can say what is wrong with it.
 *
 * @public
 */
export function parseNumberInput(text: string): number | undefined {
  return text.trim() === '' ? undefined : Number(text);
}

/**
 * A number input for a scaffolder field whose rule lives in its validator.
 *
 * @public
 */
export function RuleNumberField(props: FieldExtensionComponentProps<number>) {
  const { onChange, formData } = props;
  return (
    <TextField
      {...ruleFieldProps(props)}
      type="number"
      value={formData ?? ''}
      onChange={event => onChange(parseNumberInput(event.target.value))}
    />
  );
}
