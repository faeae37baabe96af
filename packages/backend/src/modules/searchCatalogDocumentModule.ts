import { createBackendModule } from '@backstage/backend-plugin-api';
import { catalogCollatorExtensionPoint } from '@backstage/plugin-search-backend-module-catalog';
import { catalogSearchDocument } from './catalogSearchDocument';

/** Makes catalog entities searchable by name and tag. */
export const searchCatalogDocumentModule = createBackendModule({
  pluginId: 'search',
  moduleId: 'catalog-document',
  register(env) {
    env.registerInit({
      deps: { collator: catalogCollatorExtensionPoint },
      async init({ collator }) {
        collator.setEntityTransformer(catalogSearchDocument);
      },
    });
  },
});
