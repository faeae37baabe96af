import {
  FieldExtensionComponentProps,
  makeFieldSchema,
} from '@backstage/plugin-scaffolder-react';
import {
  createFormField,
  FormFieldExtensionData,
} from '@backstage/plugin-scaffolder-react/alpha';
import { defaultRoutePath } from '@internal/plugin-ops-common';
import { AutoscalingField } from '../components/AutoscalingField';
import { RuleNumberField } from '../components/RuleNumberField';
import { RuleTextField } from '../components/RuleTextField';
import {
  validateAutoscaling,
  validateContainerImage,
  validateContainerPort,
  validateNamespace,
  validateRateLimit,
  validateRoutePath,
  validateServiceName,
} from './validation';

const textSchema = makeFieldSchema({ output: z => z.string() });
const numberSchema = makeFieldSchema({ output: z => z.number().int() });
const derivedTextSchema = makeFieldSchema({
  output: z => z.string(),
  uiOptions: z =>
    z.object({
      nameField: z
        .string()
        .optional()
        .describe(
          'The form field that holds the service name the default is derived from. Defaults to `name`',
        ),
    }),
});
const autoscalingSchema = makeFieldSchema({
  output: z =>
    z.object({
      minReplicas: z.number().int(),
      maxReplicas: z.number().int(),
      cpuTargetPercent: z.number().int(),
      memoryTargetPercent: z.number().int().optional(),
    }),
});

type DerivedTextProps = FieldExtensionComponentProps<
  string,
  { nameField?: string }
>;

/** The service name entered earlier in the form (formContext holds every step's data). */
function serviceNameInForm(props: DerivedTextProps): string | undefined {
  const nameField = props.uiSchema?.['ui:options']?.nameField ?? 'name';
  const name = props.formContext?.formData?.[nameField];
  return typeof name === 'string' && name !== '' ? name : undefined;
}

function ServiceNameInput(props: FieldExtensionComponentProps<string>) {
  return <RuleTextField {...props} placeholder="payments" />;
}

function NamespaceInput(props: DerivedTextProps) {
  return <RuleTextField {...props} derivedValue={serviceNameInForm(props)} />;
}

function RoutePathInput(props: DerivedTextProps) {
  const name = serviceNameInForm(props);
  return (
    <RuleTextField
      {...props}
      derivedValue={name ? defaultRoutePath(name) : undefined}
      placeholder="/api/payments"
    />
  );
}

function ContainerImageInput(props: FieldExtensionComponentProps<string>) {
  return (
    <RuleTextField
      {...props}
      placeholder="registry.example.com/team/app:1.2.3"
    />
  );
}

/**
 * Every field of this module as `createFormField` options, by `ui:field` name.
 * @public
 */
export const opsFieldDefinitions = {
  OpsServiceName: {
    name: 'OpsServiceName',
    component: ServiceNameInput,
    validation: validateServiceName,
    schema: textSchema,
  },
  OpsNamespace: {
    name: 'OpsNamespace',
    component: NamespaceInput,
    validation: validateNamespace,
    schema: derivedTextSchema,
  },
  OpsContainerImage: {
    name: 'OpsContainerImage',
    component: ContainerImageInput,
    validation: validateContainerImage,
    schema: textSchema,
  },
  OpsContainerPort: {
    name: 'OpsContainerPort',
    component: RuleNumberField,
    validation: validateContainerPort,
    schema: numberSchema,
  },
  OpsRoutePath: {
    name: 'OpsRoutePath',
    component: RoutePathInput,
    validation: validateRoutePath,
    schema: derivedTextSchema,
  },
  OpsRateLimit: {
    name: 'OpsRateLimit',
    component: RuleNumberField,
    validation: validateRateLimit,
    schema: numberSchema,
  },
  OpsAutoscaling: {
    name: 'OpsAutoscaling',
    component: AutoscalingField,
    validation: validateAutoscaling,
    schema: autoscalingSchema,
  },
} satisfies Record<string, FormFieldExtensionData<any, any>>;

/** `ui:field: OpsServiceName`: DNS-1123 label, at most 40 characters, not yet in the catalog. @public */
export const opsServiceNameField = createFormField(
  opsFieldDefinitions.OpsServiceName,
);
/** `ui:field: OpsNamespace`: DNS-1123 label other than `default`; defaults to the service name. @public */
export const opsNamespaceField = createFormField(
  opsFieldDefinitions.OpsNamespace,
);
/** `ui:field: OpsContainerImage`: an OCI image reference. @public */
export const opsContainerImageField = createFormField(
  opsFieldDefinitions.OpsContainerImage,
);
/** `ui:field: OpsContainerPort`: 1 to 65535. @public */
export const opsContainerPortField = createFormField(
  opsFieldDefinitions.OpsContainerPort,
);
/** `ui:field: OpsRoutePath`: Kong route path; defaults to `/api/<name>`. @public */
export const opsRoutePathField = createFormField(
  opsFieldDefinitions.OpsRoutePath,
);
/** `ui:field: OpsRateLimit`: 1 to 100000 requests per second. @public */
export const opsRateLimitField = createFormField(
  opsFieldDefinitions.OpsRateLimit,
);
/** `ui:field: OpsAutoscaling`: HPA replicas and targets, min ≤ max. @public */
export const opsAutoscalingField = createFormField(
  opsFieldDefinitions.OpsAutoscaling,
);
