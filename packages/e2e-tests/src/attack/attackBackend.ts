/*
 * The portal backend as production runs it (the same feature list, `portalFeatures`), plus one
 * test-only sign-in provider (see headerSignInModule.ts). Started by the attack suite with
 * NODE_ENV=production and app-config.yaml + app-config.production.yaml + a generated config.
 */

import { createBackend } from '@backstage/backend-defaults';
// The backend package is an application, not a library: its feature list is imported by path so
// that this entry starts exactly what production starts.
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import { portalFeatures } from 'backend/features';
import { authModuleAttackHeaderSignIn } from './headerSignInModule';

const backend = createBackend();
for (const feature of portalFeatures) {
  backend.add(feature);
}
backend.add(authModuleAttackHeaderSignIn);
backend.start();
