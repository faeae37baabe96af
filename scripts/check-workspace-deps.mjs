#!/usr/bin/env node
// Checks the seams between the workspaces of this monorepo, from their package.json files and from the
// import specifiers in their sources, and exits 1 when one is broken:
//   - a dependency cycle between workspaces: through runtime edges (dependencies, peerDependencies,
//     optionalDependencies) or through a devDependencies edge. Both fail: a cycle that needs a dev edge still
//     leaves the build and the test run without an order (the tests of one side load the other side, which
//     loads the first), and it is how a runtime tangle hides (the local platform depending on a plugin whose
//     tests depend on the local platform);
//   - the same cycles in the source imports (production files, then including test files);
//   - a plugin (plugins/*) that depends at runtime on a packages/* workspace;
//   - a source file importing a workspace its package.json does not declare (production files need it in
//     dependencies/peerDependencies/optionalDependencies, test files anywhere);
//   - a deep import into another workspace (a subpath its package.json `exports` does not offer, or a
//     relative path that leaves the workspace).
// Usage: node scripts/check-workspace-deps.mjs [--root <dir>]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const RUNTIME_KINDS = [
  'dependencies',
  'peerDependencies',
  'optionalDependencies',
];
const MANIFEST_KINDS = [...RUNTIME_KINDS, 'devDependencies'];
const SOURCE_EXTENSIONS = [
  '.ts',
  '.tsx',
  '.mts',
  '.cts',
  '.js',
  '.jsx',
  '.mjs',
  '.cjs',
];
const SKIPPED_DIRS = new Set([
  'node_modules',
  'dist',
  'dist-types',
  'coverage',
  '.git',
]);

/** Whether a path inside a workspace is test code rather than production code. */
export function isTestFile(relativePath) {
  const parts = relativePath.split(/[\\/]/);
  const file = parts[parts.length - 1];
  if (/\.(test|spec)\.[cm]?[jt]sx?$/.test(file)) return true;
  if (/^setupTests\.[cm]?[jt]sx?$/.test(file)) return true;
  return parts.some(p => /^__\w+__$/.test(p) || p === 'e2e-tests');
}

/** The package name an import specifier refers to, or undefined for relative and built-in specifiers. */
export function packageNameOf(specifier) {
  if (
    specifier.startsWith('.') ||
    specifier.startsWith('/') ||
    specifier.startsWith('node:')
  ) {
    return undefined;
  }
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function expandWorkspacePattern(root, pattern) {
  const clean = pattern.replace(/\/+$/, '');
  if (!clean.includes('*')) return [clean];
  const match = /^([^*]+)\/\*$/.exec(clean);
  if (!match) {
    throw new Error(
      `unsupported workspace pattern "${pattern}" (only "dir" and "dir/*" are understood)`,
    );
  }
  const base = path.join(root, match[1]);
  if (!fs.existsSync(base)) return [];
  return fs
    .readdirSync(base, { withFileTypes: true })
    .filter(e => e.isDirectory())
    .map(e => `${match[1]}/${e.name}`)
    .sort();
}

/** The workspaces named by the root package.json, each with its manifest. */
export function listWorkspaces(root) {
  const rootPkg = JSON.parse(
    fs.readFileSync(path.join(root, 'package.json'), 'utf8'),
  );
  const patterns = Array.isArray(rootPkg.workspaces)
    ? rootPkg.workspaces
    : rootPkg.workspaces?.packages;
  if (!patterns)
    throw new Error(
      `${path.join(root, 'package.json')} declares no workspaces`,
    );
  const workspaces = [];
  for (const dir of patterns.flatMap(p => expandWorkspacePattern(root, p))) {
    const manifest = path.join(root, dir, 'package.json');
    if (!fs.existsSync(manifest)) continue;
    const pkg = JSON.parse(fs.readFileSync(manifest, 'utf8'));
    if (!pkg.name) throw new Error(`${dir}/package.json has no name`);
    workspaces.push({ name: pkg.name, dir, pkg });
  }
  return workspaces;
}

function listSourceFiles(dir) {
  const files = [];
  const walk = current => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) walk(path.join(current, entry.name));
      } else if (
        SOURCE_EXTENSIONS.includes(path.extname(entry.name)) &&
        !entry.name.endsWith('.d.ts')
      ) {
        files.push(path.join(current, entry.name));
      }
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return files.sort();
}

/** Import, export-from, require and import() specifiers of a source text (comments ignored). */
export function importSpecifiers(sourceText) {
  return ts
    .preProcessFile(sourceText, true, true)
    .importedFiles.map(f => f.fileName);
}

/**
 * Every import in the `src/` of each workspace that refers to another workspace: by package name, or by a
 * relative path that leaves the workspace and lands in another one.
 */
export function collectImports(root, workspaces) {
  const byName = new Map(workspaces.map(w => [w.name, w]));
  const imports = [];
  for (const ws of workspaces) {
    const wsDir = path.join(root, ws.dir);
    for (const file of listSourceFiles(path.join(wsDir, 'src'))) {
      const relToWs = path.relative(wsDir, file);
      const test = isTestFile(relToWs);
      const fileLabel = path.relative(root, file).split(path.sep).join('/');
      for (const specifier of importSpecifiers(fs.readFileSync(file, 'utf8'))) {
        const name = packageNameOf(specifier);
        if (name !== undefined) {
          if (byName.has(name) && name !== ws.name) {
            imports.push({
              from: ws.name,
              to: name,
              file: fileLabel,
              specifier,
              test,
              relative: false,
            });
          }
          continue;
        }
        if (!specifier.startsWith('.')) continue;
        const target = path.resolve(path.dirname(file), specifier);
        if (!path.relative(wsDir, target).startsWith('..')) continue;
        const owner = workspaces.find(w => {
          const rel = path.relative(path.join(root, w.dir), target);
          return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
        });
        if (owner && owner.name !== ws.name) {
          imports.push({
            from: ws.name,
            to: owner.name,
            file: fileLabel,
            specifier,
            test,
            relative: true,
          });
        }
      }
    }
  }
  return imports;
}

/** The workspaces and their imports, read from a repository on disk. */
export function loadModel(root) {
  const workspaces = listWorkspaces(root);
  return { workspaces, imports: collectImports(root, workspaces) };
}

/** Every edge between workspaces declared in their package.json files, one per kind. */
export function manifestEdges(workspaces) {
  const names = new Set(workspaces.map(w => w.name));
  const edges = [];
  for (const ws of workspaces) {
    for (const kind of MANIFEST_KINDS) {
      for (const dep of Object.keys(ws.pkg[kind] ?? {}).sort()) {
        if (names.has(dep))
          edges.push({
            from: ws.name,
            to: dep,
            kind,
            runtime: kind !== 'devDependencies',
          });
      }
    }
  }
  return edges;
}

function shortestPath(adjacency, start, goal) {
  const previous = new Map([[start, null]]);
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift();
    if (node === goal) break;
    for (const next of [...(adjacency.get(node)?.keys() ?? [])].sort()) {
      if (!previous.has(next)) {
        previous.set(next, node);
        queue.push(next);
      }
    }
  }
  if (!previous.has(goal)) return undefined;
  const nodes = [];
  for (let n = goal; n !== null; n = previous.get(n)) nodes.unshift(n);
  return nodes;
}

function adjacencyOf(edges) {
  const adjacency = new Map();
  for (const e of edges) {
    if (!adjacency.has(e.from)) adjacency.set(e.from, new Map());
    const kinds = adjacency.get(e.from);
    if (!kinds.has(e.to)) kinds.set(e.to, new Set());
    kinds.get(e.to).add(e.kind);
  }
  return adjacency;
}

function canonicalCycle(nodes) {
  let best = 0;
  for (let i = 1; i < nodes.length; i++) if (nodes[i] < nodes[best]) best = i;
  return [...nodes.slice(best), ...nodes.slice(0, best)];
}

/**
 * Cycles in a graph of kinded edges: first those made of runtime edges only, then those that need at least
 * one other edge. One cycle (the shortest) is listed for each edge that closes one; the same cycle is listed
 * once. Each cycle is a list of steps { from, to, kinds }.
 */
export function findCycles(edges) {
  const all = adjacencyOf(edges);
  const runtime = adjacencyOf(edges.filter(e => e.runtime));
  const seen = new Set();
  const cycles = [];
  const collect = (adjacency, closingEdges, runtimeOnly) => {
    for (const e of closingEdges) {
      const back = shortestPath(adjacency, e.to, e.from);
      if (!back) continue;
      const nodes = canonicalCycle(e.from === e.to ? [e.from] : back);
      const key = nodes.join('\u0000');
      if (seen.has(key)) continue;
      seen.add(key);
      const steps = nodes.map((from, i) => {
        const to = nodes[(i + 1) % nodes.length];
        return { from, to, kinds: [...all.get(from).get(to)].sort() };
      });
      cycles.push({ runtimeOnly, steps });
    }
  };
  collect(
    runtime,
    edges.filter(e => e.runtime),
    true,
  );
  collect(
    all,
    edges.filter(e => !e.runtime),
    false,
  );
  return cycles;
}

function topDir(dir) {
  return dir.split('/')[0];
}

function formatCycle(cycle) {
  const parts = [cycle.steps[0].from];
  for (const step of cycle.steps)
    parts.push(`-(${step.kinds.join('|')})->`, step.to);
  return parts.join(' ');
}

function exportsSubpath(pkg, subpath) {
  const exportsField = pkg.exports;
  if (
    !exportsField ||
    typeof exportsField !== 'object' ||
    Array.isArray(exportsField)
  )
    return false;
  return Object.prototype.hasOwnProperty.call(exportsField, `./${subpath}`);
}

/**
 * The findings for a model { workspaces: [{ name, dir, pkg }], imports: [{ from, to, file, specifier, test,
 * relative }] }. Every finding is an error: { rule, message }.
 */
export function checkWorkspaces(model) {
  const { workspaces, imports } = model;
  const byName = new Map(workspaces.map(w => [w.name, w]));
  const findings = [];
  const add = (rule, message) => findings.push({ rule, message });

  for (const cycle of findCycles(manifestEdges(workspaces))) {
    add(
      cycle.runtimeOnly ? 'runtime-cycle' : 'dev-cycle',
      `${
        cycle.runtimeOnly
          ? 'runtime dependency cycle'
          : 'dependency cycle through devDependencies'
      }` + ` (package.json): ${formatCycle(cycle)}`,
    );
  }

  const importEdges = [];
  const importPairs = new Set();
  for (const i of imports) {
    const kind = i.test ? 'test-import' : 'import';
    const key = `${i.from}\u0000${i.to}\u0000${kind}`;
    if (importPairs.has(key)) continue;
    importPairs.add(key);
    importEdges.push({ from: i.from, to: i.to, kind, runtime: !i.test });
  }
  for (const cycle of findCycles(importEdges)) {
    add(
      cycle.runtimeOnly ? 'import-cycle' : 'test-import-cycle',
      `${
        cycle.runtimeOnly
          ? 'source import cycle'
          : 'source import cycle through test files'
      }: ` + formatCycle(cycle),
    );
  }

  for (const ws of workspaces) {
    if (topDir(ws.dir) !== 'plugins') continue;
    for (const kind of RUNTIME_KINDS) {
      for (const dep of Object.keys(ws.pkg[kind] ?? {}).sort()) {
        const target = byName.get(dep);
        if (target && topDir(target.dir) === 'packages') {
          add(
            'plugin-depends-on-package',
            `plugin ${ws.name} (${ws.dir}) depends at runtime on ${dep} (${target.dir}) in ${kind}`,
          );
        }
      }
    }
  }

  for (const i of imports) {
    const pkg = byName.get(i.from).pkg;
    const declaredIn = MANIFEST_KINDS.filter(
      kind => pkg[kind] && i.to in pkg[kind],
    );
    const runtimeDeclared = declaredIn.some(kind =>
      RUNTIME_KINDS.includes(kind),
    );
    if (i.relative) {
      add(
        'deep-import',
        `${i.file} reaches into ${i.to} by the relative path "${i.specifier}"; import the package instead`,
      );
    } else {
      const subpath = i.specifier.slice(i.to.length + 1);
      if (subpath && !exportsSubpath(byName.get(i.to).pkg, subpath)) {
        add(
          'deep-import',
          `${i.file} imports "${i.specifier}", a path that ${i.to} does not offer in its package.json exports`,
        );
      }
    }
    if (!i.test && !runtimeDeclared) {
      add(
        'undeclared-import',
        declaredIn.length > 0
          ? `${i.file} (production code) imports ${i.to}, which ${
              i.from
            } declares only in ${declaredIn.join(', ')}`
          : `${i.file} imports ${i.to}, which ${i.from} does not declare in its package.json`,
      );
    } else if (i.test && declaredIn.length === 0) {
      add(
        'undeclared-import',
        `${i.file} imports ${i.to}, which ${i.from} does not declare in its package.json`,
      );
    }
  }

  const unique = new Map(findings.map(f => [`${f.rule}\u0000${f.message}`, f]));
  return [...unique.values()];
}

/** The report printed by the command line, one finding a line, and the exit code. */
export function formatReport(model, findings) {
  const lines = [
    `workspace-deps: ${model.workspaces.length} workspaces, ${
      manifestEdges(model.workspaces).length
    }` +
      ` package.json edges, ${model.imports.length} imports between workspaces`,
  ];
  for (const f of findings) lines.push(`  error [${f.rule}] ${f.message}`);
  lines.push(
    findings.length === 0
      ? 'workspace-deps: no violations'
      : `workspace-deps: ${findings.length} errors`,
  );
  return { text: lines.join('\n'), exitCode: findings.length === 0 ? 0 : 1 };
}

function main(argv) {
  const rootIndex = argv.indexOf('--root');
  const root = path.resolve(
    rootIndex >= 0
      ? argv[rootIndex + 1] ?? ''
      : path.join(path.dirname(fileURLToPath(import.meta.url)), '..'),
  );
  let model;
  try {
    model = loadModel(root);
  } catch (error) {
    console.error(`workspace-deps: ${error.message}`);
    return 2;
  }
  const { text, exitCode } = formatReport(model, checkWorkspaces(model));
  console.log(text);
  return exitCode;
}

if (
  process.argv[1] &&
  path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)
) {
  process.exitCode = main(process.argv.slice(2));
}
