import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The `@backstage/create-app` release of the portal's Backstage line: 0.9.2 creates an app on
 * `@backstage/cli` 0.36.6, the CLI this repository builds with (Backstage 1.55).
 */
export const STOCK_CREATE_APP_VERSION = '0.9.2';

function run(command: string, args: string[], cwd: string, env = {}) {
  const started = Date.now();
  const result = spawnSync(command, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} (in ${cwd}) failed with exit code ${
        result.status ?? result.signal
      }`,
    );
  }
  return (Date.now() - started) / 1000;
}

/**
 * The `dist` folder of a stock app made by `@backstage/create-app` and built with its own
 * `yarn build` (the app package's `backstage-cli package build`), made once in `cacheDir` and
 * reused: creating, installing and building take several minutes on this machine. A run that
 * stopped half way is started again from scratch.
 */
export function stockAppDist(
  cacheDir: string,
  log: (line: string) => void,
): string {
  const appDir = join(cacheDir, `create-app-${STOCK_CREATE_APP_VERSION}`);
  const dist = join(appDir, 'packages', 'app', 'dist');
  const done = join(appDir, '.built');
  if (existsSync(done)) return dist;
  rmSync(appDir, { recursive: true, force: true });
  mkdirSync(appDir, { recursive: true });
  log(
    `stock app: @backstage/create-app@${STOCK_CREATE_APP_VERSION} into ${appDir} (once; cached)`,
  );
  const created = run(
    'npx',
    [
      '--yes',
      `@backstage/create-app@${STOCK_CREATE_APP_VERSION}`,
      '--path',
      appDir,
      '--skip-install',
    ],
    cacheDir,
    { BACKSTAGE_APP_NAME: 'stock-app', CI: 'true' },
  );
  // The template brings its Yarn release and a seed lockfile; the install resolves the rest. A
  // lockfile marks the app as its own Yarn project (else Yarn looks in the folders above).
  if (!existsSync(join(appDir, 'yarn.lock'))) {
    writeFileSync(join(appDir, 'yarn.lock'), '');
  }
  const installed = run('yarn', ['install'], appDir, {
    YARN_ENABLE_IMMUTABLE_INSTALLS: 'false',
  });
  const built = run('yarn', ['build'], join(appDir, 'packages', 'app'));
  log(
    `stock app: created in ${created.toFixed(
      0,
    )} s, installed in ${installed.toFixed(0)} s, built in ${built.toFixed(
      0,
    )} s`,
  );
  mkdirSync(done);
  return dist;
}
