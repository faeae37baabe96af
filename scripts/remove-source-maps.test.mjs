// Run with: node --test scripts/remove-source-maps.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { removeSourceMaps } from './remove-source-maps.mjs';

function write(dir, name, text) {
  fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
  fs.writeFileSync(path.join(dir, name), text);
}

test('removes the maps and the comments naming them, code and other files untouched', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'source-maps-'));
  write(
    dir,
    'main.1a2b.js',
    'console.log(1);\n//# sourceMappingURL=main.1a2b.js.map',
  );
  write(dir, 'main.1a2b.js.map', '{}');
  write(
    dir,
    'style.3c4d.css',
    'a{color:red}\n/*# sourceMappingURL=style.3c4d.css.map*/',
  );
  write(dir, 'style.3c4d.css.map', '{}');
  write(
    dir,
    'nested/lang.5e6f.js',
    'x();\n//# sourceMappingURL=lang.5e6f.js.map\n',
  );
  write(dir, 'nested/lang.5e6f.js.map', '{}');
  write(
    dir,
    'plain.js',
    'const url = "//# sourceMappingURL=inside a string";\nrun(url);\n',
  );
  write(dir, 'logo.svg', '<svg/>');

  assert.equal(await removeSourceMaps(dir), 3);

  const files = fs
    .readdirSync(dir, { recursive: true })
    .filter(name => fs.statSync(path.join(dir, name)).isFile())
    .sort();
  assert.deepEqual(files, [
    'logo.svg',
    'main.1a2b.js',
    path.join('nested', 'lang.5e6f.js'),
    'plain.js',
    'style.3c4d.css',
  ]);
  const read = name => fs.readFileSync(path.join(dir, name), 'utf8');
  assert.equal(read('main.1a2b.js'), 'console.log(1);\n');
  assert.equal(read('style.3c4d.css'), 'a{color:red}\n');
  assert.equal(read(path.join('nested', 'lang.5e6f.js')), 'x();\n');
  assert.equal(
    read('plain.js'),
    'const url = "//# sourceMappingURL=inside a string";\nrun(url);\n',
  );
});
