import { useEffect } from 'react';
import TextField from '@material-ui/core/TextField';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { ruleFieldProps } from './ruleFieldProps';

/** Props of {@link RuleTextField}. @public */
export type RuleTextFieldProps = FieldExtensionComponentProps<string, any> & {
  /** Filled in when the field first appears empty, e.g. `/api/<name>`. */
  derivedValue?: string;
  /** Example shown while the input is empty. */
  placeholder?: string;
};

/**
 * A one-line text input for a scaffolder field whose rule lives in its validator. Its errors
 * come from that validator (or the JSON schema) and show under the input.
 *
 * @public
 */
export function RuleTextField(props: RuleTextFieldProps) {
  const { onChange, formData, derivedValue, placeholder } = props;

  // Fill the default once, when the field appears; afterwards the value is the user's, even empty.
  useEffect(() => {
    if (!formData && derivedValue) {
      onChange(derivedValue);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return (
    <TextField
      {...ruleFieldProps(props)}
      placeholder={placeholder}
      value={formData ?? ''}
      onChange={event => onChange(event.target.value || undefined)}
    />
  );
}
