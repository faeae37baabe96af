import { Entity } from '@backstage/catalog-model';
import {
  CatalogCollatorEntityTransformer,
  defaultCatalogCollatorEntityTransformer,
} from '@backstage/plugin-search-backend-module-catalog';

/**
 * The catalog search document, extended so that an entity is found by its name and its tags (the
 * default document only holds title and description).
 */
export const catalogSearchDocument: CatalogCollatorEntityTransformer = (
  entity: Entity,
) => {
  const document = defaultCatalogCollatorEntityTransformer(entity);
  const tags = entity.metadata.tags ?? [];
  const text = [document.text, entity.metadata.name, ...tags]
    .filter(Boolean)
    .join(' : ');
  return { ...document, text };
};
