import {
  coreExtensionData,
  createExtension,
  createFrontendModule,
} from '@backstage/frontend-plugin-api';
import { Navigate } from 'react-router-dom';

/** The catalog is the portal's start page: `/` redirects to it (`app/root-redirect`). */
const rootRedirect = createExtension({
  name: 'root-redirect',
  attachTo: { id: 'app/routes', input: 'routes' },
  output: [coreExtensionData.routePath, coreExtensionData.reactElement],
  factory: () => [
    coreExtensionData.routePath('/'),
    coreExtensionData.reactElement(<Navigate to="/catalog" replace />),
  ],
});

/** Routes of the app itself that no plugin owns. */
export const routesModule = createFrontendModule({
  pluginId: 'app',
  extensions: [rootRedirect],
});
