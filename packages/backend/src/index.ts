/*
 * The ops portal backend. Configuration: app-config.yaml (local platform, SQLite, guest sign-in)
 * and app-config.production.yaml (PostgreSQL, Keycloak OIDC sign-in, real cluster and Argo CD).
 * The features themselves are listed in `features.ts`.
 */

import { createBackend } from '@backstage/backend-defaults';
import { portalFeatures } from './features';

const backend = createBackend();
for (const feature of portalFeatures) {
  backend.add(feature);
}
backend.start();
