import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';

/** What {@link resolveOpsEntity} needs. @public */
export interface ResolveOpsEntityOptions {
  catalog: CatalogService;
  /** The caller's credentials: the catalog's read permission applies to the lookup. */
  credentials: BackstageCredentials;
  /** The ref from the request (`component:default/driver`; kind defaults to component). */
  entityRef: string;
}

/** An entity the caller may read, with its ref in both forms. @public */
export interface ResolvedOpsEntity {
  ref: CompoundEntityRef;
  /** The normalized ref, `kind:namespace/name`. */
  entityRef: string;
  entity: Entity;
}

/**
 * The one entity lookup of the ops backends: parses the ref (an InputError, 400, when it is
 * malformed) and reads the entity once from the catalog with the caller's credentials, so an
 * entity the caller may not see is a NotFoundError (404), like one that does not exist.
 * @public
 */
export async function resolveOpsEntity(
  options: ResolveOpsEntityOptions,
): Promise<ResolvedOpsEntity> {
  let ref: CompoundEntityRef;
  try {
    ref = parseEntityRef(options.entityRef, { defaultKind: 'component' });
  } catch (error) {
    throw new InputError(
      `Invalid entityRef '${options.entityRef.slice(0, 300)}': ${
        (error as Error).message
      }`,
    );
  }
  const entityRef = stringifyEntityRef(ref);
  const entity = await options.catalog.getEntityByRef(entityRef, {
    credentials: options.credentials,
  });
  if (!entity) throw new NotFoundError(`entity ${entityRef} not found`);
  return { ref, entityRef, entity };
}
