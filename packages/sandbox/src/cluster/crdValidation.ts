import crdSchemas from './crdSchemas.json';
import { jsonEqual } from './jsonEqual';
import { invalidError } from './objectValidation';
import { InvalidCause, KubeObject, ResourceType } from './types';

/** The part of OpenAPI v3 a CRD's structural schema uses. */
export interface CrdSchema {
  type?: string;
  format?: string;
  properties?: Record<string, CrdSchema>;
  additionalProperties?: CrdSchema | boolean;
  items?: CrdSchema;
  required?: string[];
  enum?: unknown[];
  nullable?: boolean;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean;
  exclusiveMaximum?: boolean;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minItems?: number;
  maxItems?: number;
  minProperties?: number;
  maxProperties?: number;
  oneOf?: CrdSchema[];
  anyOf?: CrdSchema[];
  allOf?: CrdSchema[];
  not?: CrdSchema;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-validations'?: Array<{ rule: string; message?: string }>;
}

/** One kind of crdSchemas.json: a served version of a released CRD. */
export interface CrdKind {
  group: string;
  version: string;
  kind: string;
  plural: string;
  namespaced: boolean;
  statusSubresource: boolean;
  servedVersions: string[];
  /** Module and file the CRD was read from. */
  source: string;
  schema: CrdSchema;
}

/** The released CRDs of the custom resources every sandbox serves. */
export const CRD_KINDS: CrdKind[] = (
  crdSchemas as unknown as { kinds: CrdKind[] }
).kinds;

/** The CRD of a type, when the sandbox has its released schema. */
export function crdKindFor(type: ResourceType): CrdKind | undefined {
  return CRD_KINDS.find(
    k =>
      k.group === type.group &&
      k.kind === type.kind &&
      k.version === type.version,
  );
}

type RuleResult = { ok: true } | { ok: false; detail?: string };

const NANOS: Record<string, number> = {
  ns: 1,
  us: 1e3,
  µs: 1e3,
  μs: 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

/** Nanoseconds of a Go duration string (`1.5s`, `2m30s`, `0`), or undefined when it is not one. */
export function goDurationNanos(value: string): number | undefined {
  if (value === '0' || value === '+0' || value === '-0') return 0;
  const match =
    /^([-+]?)((?:(?:\d+\.?\d*|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+)$/.exec(value);
  if (!match) return undefined;
  let total = 0;
  for (const part of match[2].matchAll(
    /(\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g,
  )) {
    total += Number(part[1]) * NANOS[part[2]];
  }
  return match[1] === '-' ? -total : total;
}

const has = (self: unknown, key: string) =>
  typeof self === 'object' &&
  self !== null &&
  (self as Record<string, unknown>)[key] !== undefined;

/**
 * The CEL rules (`x-kubernetes-validations`) of the sandbox's CRDs, each implemented as the
 * expression says. The sandbox runs no CEL interpreter: a rule not listed here fails the
 * sandbox's tests (crdValidation.test.ts) when the CRDs are regenerated, instead of being skipped.
 */
export const CEL_RULES: Record<
  string,
  (self: unknown, oldSelf: unknown) => RuleResult
> = {
  "duration(self) >= duration('1ms')": self => {
    const nanos = typeof self === 'string' ? goDurationNanos(self) : undefined;
    if (nanos === undefined) {
      return {
        ok: false,
        detail: `type conversion error from 'string' to 'google.protobuf.Duration' evaluating rule`,
      };
    }
    return nanos >= 1e6 ? { ok: true } : { ok: false };
  },
  '!(has(self.config) && has(self.configFrom))': self => ({
    ok: !(has(self, 'config') && has(self, 'configFrom')),
  }),
  '!(has(self.configFrom) && has(self.configPatches))': self => ({
    ok: !(has(self, 'configFrom') && has(self, 'configPatches')),
  }),
  '!has(self.proxy)': self => ({ ok: !has(self, 'proxy') }),
  '!has(self.route)': self => ({ ok: !has(self, 'route') }),
  'self.plugin == oldSelf.plugin': (self, oldSelf) => ({
    ok: (self as any)?.plugin === (oldSelf as any)?.plugin,
  }),
  'self.all(key, !key.contains("*"))': self => ({
    ok: Object.keys((self as object) ?? {}).every(key => !key.includes('*')),
  }),
  'self.all(key, key.size() != 0)': self => ({
    ok: Object.keys((self as object) ?? {}).every(key => key.length !== 0),
  }),
  '!self.contains("*")': self => ({
    ok: typeof self === 'string' && !self.includes('*'),
  }),
};

/** The schema errors after which the API server does not run the CEL rules. */
const BLOCKING_REASONS = new Set([
  'FieldValueNotSupported',
  'FieldValueRequired',
  'FieldValueTooLong',
  'FieldValueTooMany',
  'FieldValueTypeInvalid',
]);

/** Rules that compare with the stored object: evaluated on updates only. */
const TRANSITION_RULES = new Set(['self.plugin == oldSelf.plugin']);

const ROOT_FIELDS = new Set(['apiVersion', 'kind', 'metadata']);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function child(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/** The path of a map entry (a key under additionalProperties), as the API server writes it. */
function entry(path: string, key: string): string {
  return `${path}[${key}]`;
}

const preserves = (schema: CrdSchema) =>
  schema['x-kubernetes-preserve-unknown-fields'] === true;

/**
 * Drops what the schema does not know, as the API server's decoder does: fields that are not
 * properties (unless the schema preserves unknown fields) and nulls of fields that are not
 * nullable. Answers the value kept; `warnings` gets the API server's `unknown field "…"`.
 */
function prune(
  value: unknown,
  schema: CrdSchema,
  path: string,
  warnings: string[],
  root = false,
): unknown {
  if (Array.isArray(value)) {
    return schema.items
      ? value.map((item, i) =>
          prune(item, schema.items!, `${path}[${i}]`, warnings),
        )
      : value;
  }
  if (!isObject(value)) return value;
  const properties = schema.properties;
  const additional = isObject(schema.additionalProperties)
    ? (schema.additionalProperties as CrdSchema)
    : undefined;
  if (!properties && !additional) {
    if (preserves(schema) || schema.additionalProperties === true) return value;
    if (schema.type !== 'object') return value;
  }
  for (const [key, inner] of Object.entries(value)) {
    if (root && ROOT_FIELDS.has(key)) continue;
    const propertySchema = properties?.[key] ?? additional;
    const innerPath = properties?.[key] ? child(path, key) : entry(path, key);
    if (!propertySchema) {
      if (!preserves(schema)) {
        delete value[key];
        warnings.push(`unknown field "${child(path, key)}"`);
      }
      continue;
    }
    if (inner === null && !propertySchema.nullable) {
      delete value[key];
      continue;
    }
    value[key] = prune(inner, propertySchema, innerPath, warnings);
  }
  return value;
}

/** Fills `default`s of absent properties, recursively, as the API server does after pruning. */
function applyDefaults(value: unknown, schema: CrdSchema, root = false): void {
  if (Array.isArray(value)) {
    if (schema.items) value.forEach(item => applyDefaults(item, schema.items!));
    return;
  }
  if (!isObject(value)) return;
  for (const [key, propertySchema] of Object.entries(schema.properties ?? {})) {
    if (root && key === 'metadata') continue;
    if (value[key] === undefined && propertySchema.default !== undefined) {
      value[key] = structuredClone(propertySchema.default);
    }
    if (value[key] !== undefined) applyDefaults(value[key], propertySchema);
  }
  if (isObject(schema.additionalProperties)) {
    for (const key of Object.keys(value)) {
      if (!schema.properties?.[key]) {
        applyDefaults(value[key], schema.additionalProperties as CrdSchema);
      }
    }
  }
}

/** The Go type name the API server prints for a JSON value in type errors. */
function goTypeName(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number')
    return Number.isInteger(value) ? 'int64' : 'float64';
  if (Array.isArray(value)) return '[]interface {}';
  return 'map[string]interface {}';
}

function matchesType(value: unknown, schema: CrdSchema): boolean {
  if (schema['x-kubernetes-int-or-string']) {
    return typeof value === 'string' || Number.isInteger(value);
  }
  switch (schema.type) {
    case 'object':
      return isObject(value);
    case 'array':
      return Array.isArray(value);
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    default:
      return true;
  }
}

function quoted(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : JSON.stringify(value);
}

const invalidCause = (field: string, message: string): InvalidCause => ({
  reason: 'FieldValueInvalid',
  message,
  field,
});

/**
 * The API server's cause for a number on the wrong side of `minimum` (`greater`: it should be
 * greater than it) or `maximum` (`less`), inclusive unless `exclusive`; undefined when there is
 * no bound or the value is within it.
 */
function boundCause(
  path: string,
  value: number,
  side: 'greater' | 'less',
  bound: number | undefined,
  exclusive: boolean | undefined,
): InvalidCause | undefined {
  if (bound === undefined) return undefined;
  const outside =
    side === 'greater'
      ? value < bound || (exclusive === true && value === bound)
      : value > bound || (exclusive === true && value === bound);
  if (!outside) return undefined;
  return invalidCause(
    path,
    `Invalid value: ${value}: ${path} in body should be ${side} than ${
      exclusive ? '' : 'or equal to '
    }${bound}`,
  );
}

/** Validates a value against a schema (no pruning); collects the API server's causes. */
function validate(
  value: unknown,
  schema: CrdSchema,
  path: string,
  causes: InvalidCause[],
): void {
  if (value === null && schema.nullable) return;
  if (!matchesType(value, schema)) {
    const expected =
      schema.type === 'integer' &&
      (schema.format === 'int32' || schema.format === 'int64')
        ? schema.format
        : schema.type;
    causes.push({
      reason: 'FieldValueTypeInvalid',
      message: `Invalid value: "${goTypeName(
        value,
      )}": ${path} in body must be of type ${expected}: "${goTypeName(value)}"`,
      field: path,
    });
    if (expected !== schema.type && typeof value === 'number') {
      causes.push(
        invalidCause(
          '<nil>',
          `Invalid value: "": Checked value must be of type integer with format ${schema.format} in ${path}`,
        ),
      );
    }
    return;
  }
  if (schema.enum && !schema.enum.some(option => jsonEqual(option, value))) {
    causes.push({
      reason: 'FieldValueNotSupported',
      message: `Unsupported value: ${quoted(
        value,
      )}: supported values: ${schema.enum.map(quoted).join(', ')}`,
      field: path,
    });
  }
  if (typeof value === 'string') {
    if (schema.maxLength !== undefined && value.length > schema.maxLength) {
      causes.push({
        reason: 'FieldValueTooLong',
        message: `Too long: may not be more than ${schema.maxLength} bytes`,
        field: path,
      });
    }
    if (schema.minLength !== undefined && value.length < schema.minLength) {
      causes.push(
        invalidCause(
          path,
          `Invalid value: "${value}": ${path} in body should be at least ${schema.minLength} chars long`,
        ),
      );
    }
    if (
      schema.pattern !== undefined &&
      !new RegExp(schema.pattern, 'u').test(value)
    ) {
      causes.push(
        invalidCause(
          path,
          `Invalid value: "${value}": ${path} in body should match '${schema.pattern}'`,
        ),
      );
    }
  }
  if (typeof value === 'number') {
    for (const cause of [
      boundCause(
        path,
        value,
        'greater',
        schema.minimum,
        schema.exclusiveMinimum,
      ),
      boundCause(path, value, 'less', schema.maximum, schema.exclusiveMaximum),
    ]) {
      if (cause) causes.push(cause);
    }
  }
  if (Array.isArray(value)) {
    if (schema.maxItems !== undefined && value.length > schema.maxItems) {
      causes.push({
        reason: 'FieldValueTooMany',
        message: `Too many: ${value.length}: must have at most ${schema.maxItems} items`,
        field: path,
      });
    }
    if (schema.minItems !== undefined && value.length < schema.minItems) {
      causes.push(
        invalidCause(
          path,
          `Invalid value: ${value.length}: ${path} in body should have at least ${schema.minItems} items`,
        ),
      );
    }
    if (schema.items) {
      value.forEach((item, i) =>
        validate(item, schema.items!, `${path}[${i}]`, causes),
      );
    }
  }
  if (isObject(value)) {
    for (const key of schema.required ?? []) {
      if (value[key] === undefined) {
        causes.push({
          reason: 'FieldValueRequired',
          message: 'Required value',
          field: child(path, key),
        });
      }
    }
    const count = Object.keys(value).length;
    if (schema.maxProperties !== undefined && count > schema.maxProperties) {
      causes.push({
        reason: 'FieldValueTooMany',
        message: `Too many: ${count}: must have at most ${schema.maxProperties} items`,
        field: path,
      });
    }
    if (schema.minProperties !== undefined && count < schema.minProperties) {
      causes.push(
        invalidCause(
          path,
          `Invalid value: ${count}: ${path} in body should have at least ${schema.minProperties} properties`,
        ),
      );
    }
    for (const [key, inner] of Object.entries(value)) {
      const propertySchema =
        schema.properties?.[key] ??
        (isObject(schema.additionalProperties)
          ? (schema.additionalProperties as CrdSchema)
          : undefined);
      if (propertySchema && inner !== undefined) {
        const innerPath = schema.properties?.[key]
          ? child(path, key)
          : entry(path, key);
        validate(inner, propertySchema, innerPath, causes);
      }
    }
  }
  const passes = (alternative: CrdSchema) => {
    const found: InvalidCause[] = [];
    validate(value, alternative, path, found);
    return found.length === 0;
  };
  if (schema.oneOf) {
    const valid = schema.oneOf.filter(passes).length;
    if (valid !== 1) {
      causes.push(
        invalidCause(
          '<nil>',
          `Invalid value: "": "${path}" must validate one and only one schema (oneOf).${
            valid > 1 ? ` Found ${valid} valid alternatives` : ''
          }`,
        ),
      );
    }
  }
  if (schema.anyOf && !schema.anyOf.some(passes)) {
    causes.push(
      invalidCause(
        '<nil>',
        `Invalid value: "": "${path}" must validate at least one schema (anyOf)`,
      ),
    );
  }
  for (const alternative of schema.allOf ?? []) {
    validate(value, alternative, path, causes);
  }
  if (schema.not && passes(schema.not)) {
    causes.push(
      invalidCause(
        '<nil>',
        `Invalid value: "": "${path}" must not validate the schema (not)`,
      ),
    );
  }
}

/** Evaluates the CEL rules of the schema and its descendants; collects failures. */
function checkRules(
  value: unknown,
  oldValue: unknown,
  schema: CrdSchema,
  path: string,
  causes: InvalidCause[],
  isUpdate: boolean,
): void {
  if (value === undefined || value === null) return;
  for (const { rule, message } of schema['x-kubernetes-validations'] ?? []) {
    if (TRANSITION_RULES.has(rule) && (!isUpdate || oldValue === undefined))
      continue;
    const result = CEL_RULES[rule](value, oldValue);
    if (result.ok) continue;
    const text = result.detail
      ? `${result.detail}: ${message ?? rule}`
      : message ?? `failed rule: ${rule}`;
    if (!path) {
      causes.push(invalidCause('<nil>', `Invalid value: ${text}`));
    } else {
      const shown =
        typeof value === 'string' && !result.detail ? value : typeName(value);
      causes.push(invalidCause(path, `Invalid value: "${shown}": ${text}`));
    }
  }
  if (Array.isArray(value) && schema.items) {
    value.forEach((item, i) =>
      checkRules(
        item,
        Array.isArray(oldValue) ? oldValue[i] : undefined,
        schema.items!,
        `${path}[${i}]`,
        causes,
        isUpdate,
      ),
    );
  }
  if (isObject(value)) {
    for (const [key, inner] of Object.entries(value)) {
      if (!path && ROOT_FIELDS.has(key)) continue;
      const propertySchema =
        schema.properties?.[key] ??
        (isObject(schema.additionalProperties)
          ? (schema.additionalProperties as CrdSchema)
          : undefined);
      if (propertySchema) {
        checkRules(
          inner,
          isObject(oldValue) ? oldValue[key] : undefined,
          propertySchema,
          schema.properties?.[key] ? child(path, key) : entry(path, key),
          causes,
          isUpdate,
        );
      }
    }
  }
}

function typeName(value: unknown): string {
  if (typeof value === 'string') return 'string';
  if (Array.isArray(value)) return 'array';
  if (isObject(value)) return 'object';
  return typeof value;
}

function hasRules(schema: unknown): boolean {
  return JSON.stringify(schema).includes('"x-kubernetes-validations"');
}

/** Every CEL rule of the sandbox's CRDs that {@link CEL_RULES} does not implement (should be none). */
export function unimplementedRules(): string[] {
  const missing = new Set<string>();
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (isObject(node)) {
      for (const { rule } of (node['x-kubernetes-validations'] as any[]) ??
        []) {
        if (!CEL_RULES[rule]) missing.add(rule);
      }
      Object.values(node).forEach(walk);
    }
  };
  CRD_KINDS.forEach(k => walk(k.schema));
  return [...missing];
}

/** The value at a dotted path without list indexes (`spec.host`), or undefined. */
function valueAt(object: unknown, path: string): unknown {
  let node: unknown = object;
  for (const key of path.split('.')) {
    if (!isObject(node)) return undefined;
    node = node[key];
  }
  return node;
}

/**
 * Like the API server, an update is not refused for a field it leaves as it was (validation
 * ratcheting); items of lists are never correlated, so a changed list is validated whole.
 */
function ratchet(
  causes: InvalidCause[],
  next: unknown,
  old: unknown,
): InvalidCause[] {
  return causes.filter(
    cause =>
      cause.field === '<nil>' ||
      cause.field.includes('[') ||
      !jsonEqual(valueAt(next, cause.field), valueAt(old, cause.field)) ||
      valueAt(old, cause.field) === undefined,
  );
}

/** The `unknown field "…"` warnings the API server answers a write of this object with. */
export function pruneWarnings(type: ResourceType, object: unknown): string[] {
  const crd = crdKindFor(type);
  if (!crd || !isObject(object)) return [];
  const warnings: string[] = [];
  prune(structuredClone(object), crd.schema, '', warnings, true);
  return warnings.sort();
}

/**
 * What the API server does with a custom resource of a kind whose released CRD the sandbox
 * has, before storing it: prunes unknown fields (answering their `unknown field` warnings),
 * fills schema defaults, validates against the schema and then the CEL rules, and throws the
 * API server's Invalid error. Mutates `object`. Other kinds pass untouched.
 */
export function validateCustomResource(
  type: ResourceType,
  object: KubeObject,
  old?: KubeObject,
): string[] {
  const crd = crdKindFor(type);
  if (!crd) return [];
  const warnings: string[] = [];
  prune(object, crd.schema, '', warnings, true);
  applyDefaults(object, crd.schema, true);
  const body: Record<string, unknown> = { ...object };
  delete body.metadata;
  // metadata is ObjectMeta, checked by validateObject like any kind's.
  const bodySchema: CrdSchema = {
    ...crd.schema,
    properties: Object.fromEntries(
      Object.entries(crd.schema.properties ?? {}).filter(
        ([k]) => k !== 'metadata',
      ),
    ),
    required: crd.schema.required?.filter(k => k !== 'metadata'),
  };
  let causes: InvalidCause[] = [];
  validate(body, bodySchema, '', causes);
  if (old) causes = ratchet(causes, object, old);
  if (hasRules(crd.schema)) {
    // As upstream: a schema error of these kinds may make CEL rules meaningless, so they are not
    // run; other schema errors (a value out of range, oneOf) are reported with the rules' own.
    if (causes.some(c => BLOCKING_REASONS.has(c.reason))) {
      causes.push(
        invalidCause(
          '<nil>',
          'Invalid value: null: some validation rules were not checked because the object was invalid; correct the existing errors to complete validation',
        ),
      );
    } else {
      const ruleCauses: InvalidCause[] = [];
      checkRules(body, old, bodySchema, '', ruleCauses, old !== undefined);
      causes.push(...(old ? ratchet(ruleCauses, object, old) : ruleCauses));
    }
  }
  if (causes.length > 0) {
    throw invalidError(type, object.metadata?.name ?? '', causes);
  }
  return warnings.sort();
}
