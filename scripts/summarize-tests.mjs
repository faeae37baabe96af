#!/usr/bin/env node
// Reads every stage result in artifacts/results (Jest's --json output, or the {stage, passed, failed}
// records written for lint and type check) and prints the one line CI reads: `N passed, N failed`.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2] ?? 'artifacts/results';
let passed = 0;
let failed = 0;
const files = existsSync(dir) ? readdirSync(dir).filter(f => f.endsWith('.json')).sort() : [];
for (const file of files) {
  const r = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  const p = r.numPassedTests ?? r.passed ?? 0;
  // A suite that fails to run (syntax error, missing module) has no failed tests but must count.
  const f = (r.numFailedTests ?? r.failed ?? 0) + (r.numRuntimeErrorTestSuites ?? 0);
  console.error(`  ${file.replace(/\.json$/, '').padEnd(14)} ${p} passed, ${f} failed`);
  passed += p;
  failed += f;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || files.length === 0 ? 1 : 0);
