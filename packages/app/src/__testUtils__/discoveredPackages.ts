import { resolve } from 'node:path';

type DiscoveredModule = { name: string; export?: string; default: unknown };

const FRONTEND_PLUGIN_ROLES = ['frontend-plugin', 'frontend-plugin-module'];

/**
 * Loads the modules `app.packages: all` discovers at build time: every dependency of this app with
 * a frontend plugin role, its root export and its `./alpha` export. Mirrors the package detection
 * of `@backstage/cli` so tests see the same set of features as the built app.
 */
export function loadDiscoveredModules(): DiscoveredModule[] {
  const appDir = resolve(__dirname, '../..');
  const appPackage = require(resolve(appDir, 'package.json'));
  return Object.keys(appPackage.dependencies ?? {}).flatMap(name => {
    const manifest = require(require.resolve(`${name}/package.json`, {
      paths: [appDir],
    }));
    if (!FRONTEND_PLUGIN_ROLES.includes(manifest.backstage?.role ?? '')) {
      return [];
    }
    const modules: DiscoveredModule[] = [
      { name, default: require(name).default },
    ];
    if (manifest.exports && './alpha' in manifest.exports) {
      modules.push({
        name,
        export: './alpha',
        default: require(`${name}/alpha`).default,
      });
    }
    return modules;
  });
}

/** Makes `createApp` from `@backstage/frontend-defaults` find the given modules. */
export function installDiscoveredModules(modules: DiscoveredModule[]) {
  (window as any)['__@backstage/discovered__'] = { modules };
}
