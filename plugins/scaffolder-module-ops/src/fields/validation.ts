import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { CustomFieldValidator } from '@backstage/plugin-scaffolder-react';
import { createFieldValidation } from '@backstage/plugin-scaffolder-react/alpha';
import {
  autoscalingSchema,
  containerImageSchema,
  containerPortSchema,
  firstValidationError,
  rateLimitSchema,
  routePathSchema,
  serviceNameSchema,
  serviceNamespaceSchema,
} from '@internal/plugin-ops-common';
import { FieldValidation } from '@rjsf/utils';
import { z } from 'zod';

/**
 * Field validators of the new-service form. Each one applies the ops-common rule the scaffolder
 * actions apply again on the backend, so the form refuses exactly what the actions would refuse,
 * with the same message. A missing value is left to the JSON schema's `required`.
 */

/**
 * A validator that adds the first message of `schema` for the field's value.
 * @public
 */
export function ruleValidator<T>(
  schema: z.ZodTypeAny,
): CustomFieldValidator<T | undefined> {
  return (value, field) => {
    if (value === undefined || value === null) {
      return;
    }
    const message = firstValidationError(schema, value);
    if (message) {
      field.addError(message);
    }
  };
}

/** Namespace: a DNS-1123 label, never `default`. @public */
export const validateNamespace = ruleValidator<string>(serviceNamespaceSchema);

/** Container image: an OCI image reference. @public */
export const validateContainerImage =
  ruleValidator<string>(containerImageSchema);

/** Container port: 1 to 65535. @public */
export const validateContainerPort = ruleValidator<number>(containerPortSchema);

/** Route path: leading slash, URL-safe segments, no trailing slash. @public */
export const validateRoutePath = ruleValidator<string>(routePathSchema);

/** Rate limit: 1 to 100000 requests per second. @public */
export const validateRateLimit = ruleValidator<number>(rateLimitSchema);

/** The message for a service name that a Component in the catalog already has. @public */
export function serviceNameTakenMessage(name: string): string {
  return `A component named "${name}" already exists in the catalog`;
}

/**
 * Service name: a DNS-1123 label of at most 40 characters that no Component in the default
 * namespace of the catalog has yet (the template registers `component:default/<name>`).
 * @public
 */
export const validateServiceName: CustomFieldValidator<
  string | undefined
> = async (value, field, { apiHolder }) => {
  if (value === undefined || value === null) {
    return;
  }
  const message = firstValidationError(serviceNameSchema, value);
  if (message) {
    field.addError(message);
    return;
  }
  const catalogApi = apiHolder.get(catalogApiRef);
  if (!catalogApi) {
    field.addError(
      `Could not check whether a component named "${value}" exists: the catalog is not available`,
    );
    return;
  }
  try {
    const existing = await catalogApi.getEntityByRef({
      kind: 'Component',
      namespace: 'default',
      name: value,
    });
    if (existing) {
      field.addError(serviceNameTakenMessage(value));
    }
  } catch (error) {
    field.addError(
      `Could not check whether a component named "${value}" exists: ${
        (error as Error).message
      }`,
    );
  }
};

/** The autoscaling settings as the form holds them; any of them may be missing while editing. @public */
export type AutoscalingValue = {
  minReplicas?: number;
  maxReplicas?: number;
  cpuTargetPercent?: number;
  memoryTargetPercent?: number;
};

/** The keys of {@link AutoscalingValue}. @public */
export type AutoscalingKey = keyof AutoscalingValue;

/** Labels of the autoscaling inputs, also used in their "is required" messages. @public */
export const AUTOSCALING_LABELS: Record<AutoscalingKey, string> = {
  minReplicas: 'Minimum replicas',
  maxReplicas: 'Maximum replicas',
  cpuTargetPercent: 'CPU target (%)',
  memoryTargetPercent: 'Memory target (%)',
};

/**
 * Shown under the autoscaling field as a whole. The scaffolder only stops at a step when a
 * field's own error list is non-empty; the precise messages sit on the inputs themselves.
 * @public
 */
export const AUTOSCALING_INVALID_MESSAGE =
  'Correct the autoscaling values marked above';

/**
 * The first message per input for an autoscaling value, e.g. `{ maxReplicas: 'Minimum replicas
 * must not be greater than maximum replicas' }`. Empty when the value is valid.
 * @public
 */
export function autoscalingErrors(
  value: AutoscalingValue | undefined,
): Partial<Record<AutoscalingKey, string>> {
  const result = autoscalingSchema.safeParse(value ?? {});
  if (result.success) {
    return {};
  }
  const errors: Partial<Record<AutoscalingKey, string>> = {};
  for (const issue of result.error.issues) {
    const key = issue.path[0] as AutoscalingKey;
    if (!(key in AUTOSCALING_LABELS) || errors[key]) {
      continue;
    }
    const missing =
      issue.code === 'invalid_type' && issue.received === 'undefined';
    errors[key] = missing
      ? `${AUTOSCALING_LABELS[key]} is required`
      : issue.message;
  }
  return errors;
}

/**
 * Autoscaling: each message goes to the input it concerns (min > max lands on maximum replicas),
 * plus {@link AUTOSCALING_INVALID_MESSAGE} on the field so the step does not advance.
 * @public
 */
export const validateAutoscaling: CustomFieldValidator<
  AutoscalingValue | undefined
> = (value, field) => {
  const errors = Object.entries(autoscalingErrors(value)) as Array<
    [AutoscalingKey, string]
  >;
  if (errors.length === 0) {
    return;
  }
  const nested = field as FieldValidation &
    Partial<Record<AutoscalingKey, FieldValidation>>;
  for (const [key, message] of errors) {
    const input = nested[key] ?? createFieldValidation();
    input.addError(message);
    nested[key] = input;
  }
  field.addError(AUTOSCALING_INVALID_MESSAGE);
};
