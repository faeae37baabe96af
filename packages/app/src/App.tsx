import { createApp } from '@backstage/frontend-defaults';
import { navModule } from './modules/nav';
import { homeModule } from './modules/home';
import { routesModule } from './modules/routes';
import { kubernetesModule } from './modules/kubernetes';

// Plugins (catalog, scaffolder, search, api-docs, catalog-graph, org, user-settings,
// notifications, kubernetes, ops, ...) are discovered from package.json by `app.packages: all`;
// only the app's own modules are listed here (kubernetesModule shares the Kubernetes reads of the
// Ops tab's cards).
export default createApp({
  features: [navModule, homeModule, routesModule, kubernetesModule],
});
