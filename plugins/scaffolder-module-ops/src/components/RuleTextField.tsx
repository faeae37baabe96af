import { useEffect } from 'react';
import TextField from '@material-ui/core/TextField';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';

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
  const {
    onChange,
    formData,
    required,
    disabled,
    rawErrors,
    idSchema,
    schema: { title, description },
    uiSchema,
    derivedValue,
    placeholder,
  } = props;

  // Fill the default once, when the field appears; afterwards the value is the user's, even empty.
  useEffect(() => {
    if (!formData && derivedValue) {
      onChange(derivedValue);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return (
    <TextField
      id={idSchema?.$id}
      label={title}
      placeholder={placeholder}
      helperText={description}
      required={required}
      disabled={disabled}
      value={formData ?? ''}
      onChange={event => onChange(event.target.value || undefined)}
      margin="normal"
      error={(rawErrors?.length ?? 0) > 0}
      inputProps={{ autoFocus: uiSchema?.['ui:autofocus'] }}
      FormHelperTextProps={{ margin: 'dense', style: { marginLeft: 0 } }}
    />
  );
}
