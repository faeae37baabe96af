/*
 * The ops portal backend. Configuration: app-config.yaml (local platform, SQLite, guest sign-in)
 * and app-config.production.yaml (PostgreSQL, Keycloak OIDC sign-in, real cluster and Argo CD).
 */

import { createBackend } from '@backstage/backend-defaults';
import { searchCatalogDocumentModule } from './modules/searchCatalogDocumentModule';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-proxy-backend'));

// scaffolder
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(
  import('@backstage/plugin-scaffolder-backend-module-notifications'),
);
// the new-service template's actions: manifests, Keycloak client, GitOps publish, Argo CD Application
backend.add(import('@internal/plugin-scaffolder-backend-module-ops'));

// auth: guest in development, Keycloak (OIDC) in production
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(import('@backstage/plugin-auth-backend-module-oidc-provider'));

// catalog
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

// permissions: reads for signed-in users, ops mutations for owners and admin groups
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(import('@internal/plugin-permission-backend-module-ops-policy'));

// search: the Postgres engine registers itself only on PostgreSQL; otherwise search keeps Lunr
backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-pg'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));
backend.add(searchCatalogDocumentModule);

// platform views
backend.add(import('@backstage/plugin-kubernetes-backend'));
backend.add(import('@roadiehq/backstage-plugin-argo-cd-backend'));
// golden signals, HPA history and observed traffic split from Prometheus
backend.add(import('@internal/plugin-metrics-backend'));
// Kong routes, plugins and upstream health from KIC resources or the Kong Admin API
backend.add(import('@internal/plugin-kong-backend'));
// the Logs card's recent error count from Elasticsearch (Kibana links need no backend)
backend.add(import('@internal/plugin-logs-backend'));
// traffic split and resilience policy: edits go to the GitOps repository (Argo CD) or the cluster
backend.add(import('@internal/plugin-traffic-backend'));

backend.add(import('@backstage/plugin-user-settings-backend'));
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

backend.start();
