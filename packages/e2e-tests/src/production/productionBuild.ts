import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../harness/stack';

/** The throwaway PostgreSQL of scripts/with-postgres.sh, from its environment variables. */
export function postgresFromEnv() {
  const { OPS_TEST_PG_HOST, OPS_TEST_PG_PORT, OPS_TEST_PG_USER } = process.env;
  const password = process.env.OPS_TEST_PG_PASSWORD;
  if (
    !OPS_TEST_PG_HOST ||
    !OPS_TEST_PG_PORT ||
    !OPS_TEST_PG_USER ||
    !password
  ) {
    throw new Error(
      'no PostgreSQL: run this test under scripts/with-postgres.sh (yarn test:production does)',
    );
  }
  return {
    host: OPS_TEST_PG_HOST,
    port: OPS_TEST_PG_PORT,
    user: OPS_TEST_PG_USER,
    password,
  };
}

/** The built backend: OPS_PRODUCTION_DIR when the caller built it, otherwise built here. */
export function productionBuild(): { dir: string; built: boolean } {
  const given = process.env.OPS_PRODUCTION_DIR;
  if (given) {
    if (!existsSync(join(given, 'packages/backend/dist/index.cjs.js'))) {
      throw new Error(`${given} holds no production build`);
    }
    return { dir: given, built: false };
  }
  const dir = mkdtempSync(join(tmpdir(), 'ops-production-'));
  execFileSync(
    join(repoRoot, 'packages/backend/scripts/build-production.sh'),
    ['--skip-install', dir],
    { stdio: 'inherit' },
  );
  return { dir, built: true };
}
