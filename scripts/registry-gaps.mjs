#!/usr/bin/env node
// Keeps the install working on a registry mirror that lacks some other-platform binary packages
// (e.g. @rollup/rollup-darwin-arm64). Yarn 4 resolves every platform's optional binaries and fails with
// `YN0082 ... No candidates found` when one is missing. This script runs `yarn install`, collects every
// missing package, records it in scripts/registry-gaps.json and maps it to the empty stub package through
// `resolutions` in package.json, repeating until the install resolves.
//
//   node scripts/registry-gaps.mjs          add gaps until `yarn install` resolves
//   node scripts/registry-gaps.mjs --remove drop every stub resolution (for the public registry)
import { readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const gapsFile = join(root, 'scripts/registry-gaps.json');
const pkgFile = join(root, 'package.json');
const STUB = 'file:./stubs/empty';

const readJson = f => JSON.parse(readFileSync(f, 'utf8'));
const writeJson = (f, v) => writeFileSync(f, `${JSON.stringify(v, null, 2)}\n`);

function apply(gaps) {
  const pkg = readJson(pkgFile);
  const resolutions = Object.fromEntries(
    Object.entries(pkg.resolutions ?? {}).filter(([, v]) => v !== STUB),
  );
  for (const name of gaps) resolutions[name] = STUB;
  pkg.resolutions = Object.fromEntries(
    Object.entries(resolutions).sort(([a], [b]) => a.localeCompare(b)),
  );
  writeJson(pkgFile, pkg);
}

if (process.argv.includes('--remove')) {
  writeJson(gapsFile, []);
  apply([]);
  console.log('removed all registry-gap stubs; run `yarn install` to re-resolve');
  process.exit(0);
}

const gaps = new Set(readJson(gapsFile));
for (let round = 1; round <= 100; round++) {
  apply([...gaps].sort());
  const run = spawnSync('yarn', ['install', '--mode=update-lockfile'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, CI: '' },
  });
  const out = `${run.stdout}\n${run.stderr}`;
  const missing = [...out.matchAll(/YN0082: .*?(@?[^@\s│]+)@npm:[^:]*: No candidates found/g)].map(
    m => m[1],
  );
  const fresh = missing.filter(n => !gaps.has(n));
  if (run.status === 0) {
    writeJson(gapsFile, [...gaps].sort());
    console.log(`install resolves with ${gaps.size} registry-gap stubs`);
    process.exit(0);
  }
  if (fresh.length === 0) {
    console.error(out.split('\n').filter(l => /YN00(01|82)|Error/.test(l)).join('\n'));
    console.error('install fails for a reason other than a missing platform package');
    process.exit(1);
  }
  console.log(`round ${round}: stubbing ${fresh.join(', ')}`);
  fresh.forEach(n => gaps.add(n));
  writeJson(gapsFile, [...gaps].sort());
}
process.exit(1);
