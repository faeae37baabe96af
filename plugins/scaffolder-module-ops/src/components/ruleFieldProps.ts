import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';

/**
 * The TextField props every rule field shares: its form id, the schema's title and description
 * as label and help text, required and disabled, the error state when its validator (or the JSON
 * schema) reported errors, and `ui:autofocus`. The field adds its value, type and change handler.
 */
export function ruleFieldProps<T>(props: FieldExtensionComponentProps<T, any>) {
  const {
    required,
    disabled,
    rawErrors,
    idSchema,
    schema: { title, description },
    uiSchema,
  } = props;
  return {
    id: idSchema?.$id,
    label: title,
    helperText: description,
    required,
    disabled,
    margin: 'normal' as const,
    error: (rawErrors?.length ?? 0) > 0,
    inputProps: { autoFocus: uiSchema?.['ui:autofocus'] },
    FormHelperTextProps: {
      margin: 'dense' as const,
      style: { marginLeft: 0 },
    },
  };
}
