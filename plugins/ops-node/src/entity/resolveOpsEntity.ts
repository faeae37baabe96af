import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { OpsEntityCache } from './OpsEntityCache';

/** What {@link resolveOpsEntity} needs. @public */
export interface ResolveOpsEntityOptions {
  catalog: CatalogService;
  /** The caller's credentials: the catalog's read permission applies to the lookup. */
  credentials: BackstageCredentials;
  /** The ref from the request (`component:default/driver`; kind defaults to component). */
  entityRef: string;
  /**
   * The process' shared entity reads (`opsEntityCacheServiceRef`), for read paths. Mutations
   * leave it out: the owner check of a write reads the entity as it is now.
   */
  cache?: OpsEntityCache;
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
 * entity the caller may not see is a NotFoundError (404), like one that does not exist. With a
 * `cache`, the read is shared with the other ops backends' reads of the same entity by the same
 * caller for a few seconds.
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
  const { catalog, credentials, cache } = options;
  const read = () => catalog.getEntityByRef(entityRef, { credentials });
  const entity = await (cache
    ? cache.read(credentials, entityRef, read)
    : read());
  if (!entity) throw new NotFoundError(`entity ${entityRef} not found`);
  return { ref, entityRef, entity };
}
