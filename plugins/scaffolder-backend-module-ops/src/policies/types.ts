/** Any Kubernetes object, as parsed from YAML or built by the manifest builders. @public */
export interface KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata?: { name?: string; namespace?: string };
  [field: string]: unknown;
}

/** What the policies need besides the objects. @public */
export interface PolicyContext {
  /** Image prefixes (such as `ghcr.io/acme/`) containers may pull from. */
  allowedImageRegistries: string[];
  /** Platform namespaces no service object may live in (`opsPortal.scaffolder.deniedNamespaces`). */
  deniedNamespaces?: string[];
}

/** One failed check. `message` starts with `policy <rule>:` so it names the rule wherever it is shown. @public */
export interface PolicyViolation {
  rule: string;
  /** `<Kind>/<name>` of the offending object. */
  object: string;
  message: string;
}

/** One policy: an id (as in the platform's Kyverno policies) and a pure check of one object. @public */
export interface PolicyRule {
  id: string;
  description: string;
  check(object: KubernetesObject, context: PolicyContext): PolicyViolation[];
}

/** `<Kind>/<name>` of an object, for messages. @public */
export function objectRef(object: KubernetesObject): string {
  return `${object.kind}/${object.metadata?.name ?? '(unnamed)'}`;
}

/** A violation of `rule` by `object` with the message `policy <rule>: <detail>`. @public */
export function violation(
  rule: string,
  object: KubernetesObject,
  detail: string,
): PolicyViolation {
  return {
    rule,
    object: objectRef(object),
    message: `policy ${rule}: ${detail}`,
  };
}
