/** What every `@kubernetes-models` class offers: schema validation and a plain JSON form. */
interface ValidatableModel<T> {
  validate(): void;
  toJSON(): T;
}

/**
 * Validates a model against its OpenAPI schema and returns it as a plain object (no class
 * instance, no `undefined` fields), so it serializes and compares like parsed YAML.
 * @public
 */
export function validatedObject<T extends { kind: string }>(
  model: ValidatableModel<T>,
): T {
  const object = JSON.parse(JSON.stringify(model.toJSON())) as T & {
    metadata?: { name?: string };
  };
  try {
    model.validate();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(
      `${object.kind} ${object.metadata?.name ?? ''} is not valid: ${message}`,
    );
  }
  return object;
}
