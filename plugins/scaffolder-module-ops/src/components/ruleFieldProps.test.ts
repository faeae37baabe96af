import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { ruleFieldProps } from './ruleFieldProps';

const field = (
  overrides: Partial<FieldExtensionComponentProps<any, any>>,
): FieldExtensionComponentProps<any, any> =>
  ({
    onChange: () => {},
    formData: undefined,
    required: true,
    disabled: false,
    rawErrors: [],
    idSchema: { $id: 'root_name' },
    schema: { title: 'Name', description: 'DNS-1123 label' },
    uiSchema: {},
    ...overrides,
  } as unknown as FieldExtensionComponentProps<any, any>);

describe('ruleFieldProps', () => {
  it('maps the form id, title, description, required and disabled', () => {
    expect(ruleFieldProps(field({ disabled: true }))).toMatchObject({
      id: 'root_name',
      label: 'Name',
      helperText: 'DNS-1123 label',
      required: true,
      disabled: true,
      margin: 'normal',
    });
  });

  it.each([
    ['no errors reported', undefined, false],
    ['an empty error list', [], false],
    ['one error', ['must be a DNS-1123 label'], true],
  ])('error state with %s', (_case, rawErrors, error) => {
    expect(ruleFieldProps(field({ rawErrors })).error).toBe(error);
  });

  it.each([
    [{ 'ui:autofocus': true }, true],
    [{}, undefined],
  ])('autofocus from uiSchema %j', (uiSchema, autoFocus) => {
    expect(ruleFieldProps(field({ uiSchema })).inputProps).toEqual({
      autoFocus,
    });
  });
});
