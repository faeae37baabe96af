import { InvalidCause, InvalidError, KubeObject, ResourceType } from './types';

const DNS1123_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * The resource name the API server uses in messages: the plural, qualified by the group for
 * non-core kinds (`pods`, `deployments.apps`).
 */
export function qualifiedResource(resourceType: ResourceType): string {
  return resourceType.group
    ? `${resourceType.plural}.${resourceType.group}`
    : resourceType.plural;
}

/** The kind the API server uses in "is invalid" messages (`Deployment.apps`, `Pod`). */
export function qualifiedKind(resourceType: ResourceType): string {
  return resourceType.group
    ? `${resourceType.kind}.${resourceType.group}`
    : resourceType.kind;
}

/**
 * The API server's Invalid error: `<Kind.group> "<name>" is invalid: <field>: <detail>`, or with
 * several causes `… is invalid: [<field>: <detail>, …]`; each cause keeps its reason and field.
 */
export function invalidError(
  resourceType: ResourceType,
  name: string,
  causes: InvalidCause[],
): InvalidError {
  const rendered = causes.map(c => `${c.field}: ${c.message}`);
  const detail =
    rendered.length === 1 ? rendered[0] : `[${rendered.join(', ')}]`;
  return new InvalidError(
    `${qualifiedKind(resourceType)} "${name}" is invalid: ${detail}`,
    causes,
  );
}

function invalid(
  resourceType: ResourceType,
  name: string,
  field: string,
  detail: string,
  reason = 'FieldValueInvalid',
) {
  return invalidError(resourceType, name, [{ reason, message: detail, field }]);
}

const SUBDOMAIN_HINT =
  "(e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_HINT =
  "(e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

/** True for a valid DNS-1123 subdomain (what most object names must be). */
export function isDns1123Subdomain(value: string): boolean {
  return value.length <= 253 && DNS1123_SUBDOMAIN.test(value);
}

/**
 * The minimal validation the sandbox applies to every write: a well-formed name, and for
 * namespaced kinds a namespace that is a DNS-1123 label. (Like the API server, the store clears
 * the namespace of cluster-scoped objects instead of rejecting it.)
 * Throws InvalidError with the API server's message format.
 */
export function validateObject(
  resourceType: ResourceType,
  object: KubeObject,
): void {
  const name = object.metadata?.name ?? '';
  if (!name) {
    throw invalid(
      resourceType,
      name,
      'metadata.name',
      'Required value: name or generateName is required',
      'FieldValueRequired',
    );
  }
  if (!isDns1123Subdomain(name)) {
    throw invalid(
      resourceType,
      name,
      'metadata.name',
      `Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character ${SUBDOMAIN_HINT}`,
    );
  }
  const namespace = object.metadata.namespace;
  if (resourceType.namespaced) {
    if (!namespace) {
      throw invalid(
        resourceType,
        name,
        'metadata.namespace',
        'Required value',
        'FieldValueRequired',
      );
    }
    if (namespace.length > 63 || !DNS1123_LABEL.test(namespace)) {
      throw invalid(
        resourceType,
        name,
        'metadata.namespace',
        `Invalid value: "${namespace}": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character ${LABEL_HINT}`,
      );
    }
  }
}
