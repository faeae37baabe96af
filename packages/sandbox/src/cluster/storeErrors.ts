import { qualifiedResource } from './objectValidation';
import { ConflictError, NotFoundError, ResourceType } from './types';

/** The AlreadyExists error of a create, with the API server's message. */
export function alreadyExistsError(
  type: ResourceType,
  name: string,
): ConflictError {
  return new ConflictError(
    `${qualifiedResource(type)} "${name}" already exists`,
    'AlreadyExists',
  );
}

/** The Conflict error of a write with a stale resourceVersion, with the API server's message. */
export function staleVersionError(
  type: ResourceType,
  name: string,
): ConflictError {
  return new ConflictError(
    `Operation cannot be fulfilled on ${qualifiedResource(
      type,
    )} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    'Conflict',
  );
}

/** The NotFound error of a read or write, with the API server's message. */
export function notFoundError(type: ResourceType, name: string): NotFoundError {
  return new NotFoundError(`${qualifiedResource(type)} "${name}" not found`, {
    name,
    group: type.group,
    kind: type.plural,
  });
}

/** The NotFound error of a create in a namespace that does not exist: it names the namespace. */
export function namespaceNotFoundError(namespace: string): NotFoundError {
  return new NotFoundError(`namespaces "${namespace}" not found`, {
    name: namespace,
    group: '',
    kind: 'namespaces',
  });
}
