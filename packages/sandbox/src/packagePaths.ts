import path from 'node:path';

/** The root directory of this package, found through its own package.json. */
export const PACKAGE_ROOT = path.dirname(
  require.resolve('@internal/sandbox/package.json'),
);

/** The monorepo root that holds the portal's app-config files. */
export const REPOSITORY_ROOT = path.resolve(PACKAGE_ROOT, '..', '..');
