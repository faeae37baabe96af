/*
 * Every feature of the ops portal backend, in one list: `index.ts` starts them, and tests that need
 * the same backend (the attack suite) start exactly this list with their own config.
 */

import { BackendFeature } from '@backstage/backend-plugin-api';
import { searchCatalogDocumentModule } from './modules/searchCatalogDocumentModule';
import { authModuleOidcVerifiedEmail } from './modules/auth/oidcSignInModule';
import { argoCdReadOnlyPlugin } from './modules/argocd';

/** The portal backend's features, in the order they are added. */
export const portalFeatures: Array<
  BackendFeature | Promise<{ default: BackendFeature }>
> = [
  import('@backstage/plugin-app-backend'),
  import('@backstage/plugin-proxy-backend'),

  // scaffolder
  import('@backstage/plugin-scaffolder-backend'),
  import('@backstage/plugin-scaffolder-backend-module-notifications'),
  // the new-service template's actions: manifests, Keycloak client, GitOps publish, Argo CD Application
  import('@internal/plugin-scaffolder-backend-module-ops'),

  // auth: guest in development, Keycloak (OIDC) in production
  import('@backstage/plugin-auth-backend'),
  import('@backstage/plugin-auth-backend-module-guest-provider'),
  // OIDC with one resolver: the verified email equals a User entity's profile email
  authModuleOidcVerifiedEmail,

  // catalog
  import('@backstage/plugin-catalog-backend'),
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
  import('@backstage/plugin-catalog-backend-module-logs'),

  // permissions: a policy that denies what it does not name; ops mutations for owners and admin groups
  import('@backstage/plugin-permission-backend'),
  import('@internal/plugin-permission-backend-module-ops-policy'),

  // search: the Postgres engine registers itself only on PostgreSQL; otherwise search keeps Lunr
  import('@backstage/plugin-search-backend'),
  import('@backstage/plugin-search-backend-module-pg'),
  import('@backstage/plugin-search-backend-module-catalog'),
  searchCatalogDocumentModule,

  // platform views
  import('@backstage/plugin-kubernetes-backend'),
  // the Argo CD cards' read routes of the Roadie backend only (read-only token); no write route
  argoCdReadOnlyPlugin,
  // golden signals, HPA history and observed traffic split from Prometheus
  import('@internal/plugin-metrics-backend'),
  // Kong routes, plugins and upstream health from KIC resources or the Kong Admin API
  import('@internal/plugin-kong-backend'),
  // the Logs card's recent error count from Elasticsearch (Kibana links need no backend)
  import('@internal/plugin-logs-backend'),
  // traffic split and resilience policy: edits go to the GitOps repository (Argo CD) or the cluster
  import('@internal/plugin-traffic-backend'),
  // Argo CD sync, hard refresh, cancel and rollback of an entity's Application (owners and admins)
  import('@internal/plugin-argocd-actions-backend'),

  import('@backstage/plugin-user-settings-backend'),
  import('@backstage/plugin-notifications-backend'),
  import('@backstage/plugin-signals-backend'),
];
