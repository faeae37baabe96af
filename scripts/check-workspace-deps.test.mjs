// Run with: node --test scripts/check-workspace-deps.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  checkWorkspaces,
  isTestFile,
  loadModel,
  packageNameOf,
} from './check-workspace-deps.mjs';

const script = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  'check-workspace-deps.mjs',
);

/** Writes a repository: root package.json with workspaces, then the given files. */
function fixture(t, files) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'workspace-deps-'));
  t.after(() => fs.rmSync(root, { recursive: true, force: true }));
  const all = {
    'package.json': { private: true, workspaces: ['packages/*', 'plugins/*'] },
    ...files,
  };
  for (const [file, content] of Object.entries(all)) {
    const target = path.join(root, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(
      target,
      typeof content === 'string' ? content : JSON.stringify(content, null, 2),
    );
  }
  return root;
}

const manifest = (name, deps = {}) => ({ name, version: '0.1.0', ...deps });

function findingsOf(root) {
  return checkWorkspaces(loadModel(root));
}

function rulesOf(root) {
  return findingsOf(root)
    .map(f => f.rule)
    .sort();
}

test('isTestFile', () => {
  const cases = [
    ['src/router.ts', false],
    ['src/router.test.ts', true],
    ['src/components/Card.test.tsx', true],
    ['src/a.spec.js', true],
    ['src/setupTests.ts', true],
    ['src/__testUtils__/fixtures.ts', true],
    ['src/__fixtures__/x.ts', true],
    ['src/harness/stack.ts', false],
    ['e2e-tests/app.test.ts', true],
    ['src/testing.ts', false],
  ];
  for (const [file, expected] of cases)
    assert.equal(isTestFile(file), expected, file);
});

test('packageNameOf', () => {
  const cases = [
    ['@internal/plugin-ops-common', '@internal/plugin-ops-common'],
    ['@internal/sandbox/src/elasticsearch', '@internal/sandbox'],
    ['backend/src/features', 'backend'],
    ['express', 'express'],
    ['./local', undefined],
    ['../../other', undefined],
    ['node:fs', undefined],
  ];
  for (const [specifier, expected] of cases)
    assert.equal(packageNameOf(specifier), expected, specifier);
});

const table = [
  {
    name: 'no cycle: a plugin depending on a common package, a packages/* app depending on the plugin',
    files: {
      'plugins/common/package.json': manifest('@x/common'),
      'plugins/common/src/index.ts': 'export const a = 1;\n',
      'plugins/ui/package.json': manifest('@x/ui', {
        dependencies: { '@x/common': '^0.1.0' },
      }),
      'plugins/ui/src/index.ts':
        "import { a } from '@x/common';\nexport const b = a;\n",
      'packages/app/package.json': manifest('app', {
        dependencies: { '@x/ui': '^0.1.0' },
      }),
      'packages/app/src/index.ts': "export * from '@x/ui';\n",
    },
    rules: [],
  },
  {
    name: 'runtime cycle through dependencies',
    files: {
      'plugins/a/package.json': manifest('@x/a', {
        dependencies: { '@x/b': '^0.1.0' },
      }),
      'plugins/b/package.json': manifest('@x/b', {
        dependencies: { '@x/a': '^0.1.0' },
      }),
    },
    rules: ['runtime-cycle'],
    message:
      /runtime dependency cycle \(package\.json\): @x\/a -\(dependencies\)-> @x\/b -\(dependencies\)-> @x\/a/,
  },
  {
    name: 'runtime cycle of three through peerDependencies',
    files: {
      'plugins/a/package.json': manifest('@x/a', {
        dependencies: { '@x/b': '^0.1.0' },
      }),
      'plugins/b/package.json': manifest('@x/b', {
        peerDependencies: { '@x/c': '^0.1.0' },
      }),
      'plugins/c/package.json': manifest('@x/c', {
        dependencies: { '@x/a': '^0.1.0' },
      }),
    },
    rules: ['runtime-cycle'],
    message:
      /@x\/a -\(dependencies\)-> @x\/b -\(peerDependencies\)-> @x\/c -\(dependencies\)-> @x\/a/,
  },
  {
    name: 'cycle that needs a devDependencies edge',
    files: {
      'packages/sandbox/package.json': manifest('@x/sandbox', {
        dependencies: { '@x/logs-backend': '^0.1.0' },
      }),
      'plugins/logs-backend/package.json': manifest('@x/logs-backend', {
        devDependencies: { '@x/sandbox': '^0.1.0' },
      }),
    },
    rules: ['dev-cycle'],
    message:
      /through devDependencies \(package\.json\): @x\/logs-backend -\(devDependencies\)-> @x\/sandbox -\(dependencies\)-> @x\/logs-backend/,
  },
  {
    name: 'plugin depending on packages/* in dependencies',
    files: {
      'packages/sandbox/package.json': manifest('@x/sandbox'),
      'plugins/kong-backend/package.json': manifest('@x/kong-backend', {
        dependencies: { '@x/sandbox': '^0.1.0' },
      }),
    },
    rules: ['plugin-depends-on-package'],
    message:
      /plugin @x\/kong-backend \(plugins\/kong-backend\) depends at runtime on @x\/sandbox \(packages\/sandbox\) in dependencies/,
  },
  {
    name: 'plugin depending on packages/* in devDependencies only is allowed',
    files: {
      'packages/sandbox/package.json': manifest('@x/sandbox'),
      'plugins/kong-backend/package.json': manifest('@x/kong-backend', {
        devDependencies: { '@x/sandbox': '^0.1.0' },
      }),
      'plugins/kong-backend/src/router.test.ts':
        "import { start } from '@x/sandbox';\n",
    },
    rules: [],
  },
  {
    name: 'production file importing an undeclared workspace',
    files: {
      'plugins/common/package.json': manifest('@x/common'),
      'plugins/ui/package.json': manifest('@x/ui'),
      'plugins/ui/src/index.ts':
        "import { a } from '@x/common';\nexport const b = a;\n",
    },
    rules: ['undeclared-import'],
    message:
      /plugins\/ui\/src\/index\.ts imports @x\/common, which @x\/ui does not declare/,
  },
  {
    name: 'production file importing a workspace declared only in devDependencies',
    files: {
      'plugins/common/package.json': manifest('@x/common'),
      'plugins/ui/package.json': manifest('@x/ui', {
        devDependencies: { '@x/common': '^0.1.0' },
      }),
      'plugins/ui/src/index.ts': "export { a } from '@x/common';\n",
    },
    rules: ['undeclared-import'],
    message:
      /\(production code\) imports @x\/common, which @x\/ui declares only in devDependencies/,
  },
  {
    name: 'test file importing an undeclared workspace',
    files: {
      'plugins/common/package.json': manifest('@x/common'),
      'plugins/ui/package.json': manifest('@x/ui'),
      'plugins/ui/src/__testUtils__/fixtures.ts':
        "const c = require('@x/common');\n",
    },
    rules: ['undeclared-import'],
  },
  {
    name: 'imports in comments and strings that are not imports do not count',
    files: {
      'plugins/common/package.json': manifest('@x/common'),
      'plugins/ui/package.json': manifest('@x/ui'),
      'plugins/ui/src/index.ts':
        "// import { a } from '@x/common';\n/* require('@x/common') */\nexport const name = '@x/common';\n",
    },
    rules: [],
  },
  {
    name: 'source import cycle through a test file',
    files: {
      'packages/sandbox/package.json': manifest('@x/sandbox', {
        dependencies: { '@x/logs-backend': '^0.1.0' },
      }),
      'packages/sandbox/src/index.ts':
        "export { reader } from '@x/logs-backend';\n",
      'plugins/logs-backend/package.json': manifest('@x/logs-backend'),
      'plugins/logs-backend/src/index.ts': 'export const reader = 1;\n',
      'plugins/logs-backend/src/reader.test.ts':
        "import { start } from '@x/sandbox';\n",
    },
    rules: ['test-import-cycle', 'undeclared-import'],
    message:
      /source import cycle through test files: @x\/logs-backend -\(test-import\)-> @x\/sandbox -\(import\)-> @x\/logs-backend/,
  },
  {
    name: 'deep import into another workspace',
    files: {
      'packages/sandbox/package.json': manifest('@x/sandbox'),
      'plugins/logs-backend/package.json': manifest('@x/logs-backend', {
        devDependencies: { '@x/sandbox': '^0.1.0' },
      }),
      'plugins/logs-backend/src/a.test.ts':
        "import { es } from '@x/sandbox/src/elasticsearch';\n",
    },
    rules: ['deep-import'],
    message:
      /imports "@x\/sandbox\/src\/elasticsearch", a path that @x\/sandbox does not offer/,
  },
  {
    name: 'subpath offered in exports is not a deep import',
    files: {
      'packages/sandbox/package.json': manifest('@x/sandbox', {
        exports: { '.': './src/index.ts', './testing': './src/testing.ts' },
      }),
      'plugins/logs-backend/package.json': manifest('@x/logs-backend', {
        devDependencies: { '@x/sandbox': '^0.1.0' },
      }),
      'plugins/logs-backend/src/a.test.ts':
        "import { startSandbox } from '@x/sandbox/testing';\n",
    },
    rules: [],
  },
  {
    name: 'relative import that leaves the workspace for another one',
    files: {
      'packages/backend/package.json': manifest('backend'),
      'packages/backend/src/features.ts': 'export const features = [];\n',
      'packages/e2e/package.json': manifest('@x/e2e', {
        dependencies: { backend: '0.0.0' },
      }),
      'packages/e2e/src/stack.ts':
        "import { features } from '../../backend/src/features';\n",
    },
    rules: ['deep-import'],
    message:
      /packages\/e2e\/src\/stack\.ts reaches into backend by the relative path/,
  },
];

for (const c of table) {
  test(c.name, t => {
    const root = fixture(t, c.files);
    const findings = findingsOf(root);
    assert.deepEqual(
      findings.map(f => f.rule).sort(),
      c.rules,
      JSON.stringify(findings, null, 2),
    );
    if (c.message)
      assert.ok(
        findings.some(f => c.message.test(f.message)),
        JSON.stringify(findings, null, 2),
      );
  });
}

test('a runtime cycle is reported once, not again as a dev cycle when a dev edge doubles it', t => {
  const root = fixture(t, {
    'plugins/a/package.json': manifest('@x/a', {
      dependencies: { '@x/b': '^0.1.0' },
      devDependencies: { '@x/b': '^0.1.0' },
    }),
    'plugins/b/package.json': manifest('@x/b', {
      dependencies: { '@x/a': '^0.1.0' },
    }),
  });
  assert.deepEqual(rulesOf(root), ['runtime-cycle']);
});

function run(root) {
  return spawnSync(process.execPath, [script, '--root', root], {
    encoding: 'utf8',
  });
}

test('command line: exit 0 and "no violations" on a clean tree', t => {
  const root = fixture(t, {
    'plugins/common/package.json': manifest('@x/common'),
    'plugins/ui/package.json': manifest('@x/ui', {
      dependencies: { '@x/common': '^0.1.0' },
    }),
  });
  const result = run(root);
  assert.equal(result.status, 0, result.stdout + result.stderr);
  assert.match(result.stdout, /2 workspaces, 1 package\.json edges/);
  assert.match(result.stdout, /no violations/);
});

test('command line: exit 1 with every finding listed', t => {
  const root = fixture(t, {
    'packages/sandbox/package.json': manifest('@x/sandbox', {
      dependencies: { '@x/a': '^0.1.0' },
    }),
    'plugins/a/package.json': manifest('@x/a', {
      dependencies: { '@x/sandbox': '^0.1.0' },
    }),
  });
  const result = run(root);
  assert.equal(result.status, 1, result.stdout + result.stderr);
  assert.match(result.stdout, /error \[runtime-cycle\]/);
  assert.match(result.stdout, /error \[plugin-depends-on-package\]/);
  assert.match(result.stdout, /workspace-deps: 2 errors/);
});

test('command line: exit 2 when the root declares no workspaces', t => {
  const root = fixture(t, { 'package.json': { private: true } });
  const result = run(root);
  assert.equal(result.status, 2);
  assert.match(result.stderr, /declares no workspaces/);
});
