#!/usr/bin/env node
// Removes the source maps from a production build of the app, which the app backend would
// otherwise serve from dist/static with the code. `backstage-cli package build` always writes them
// (the bundler's `devtool` is 'source-map' for production builds, with no flag or config to turn
// it off), so packages/app's build script runs this after the CLI: every `*.map` file under the
// directory goes, and so does the `sourceMappingURL` comment at the end of each script and style
// sheet that pointed at one.
//
// Usage: node scripts/remove-source-maps.mjs <dir>   (packages/app: dist/static)
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const MAPPING_COMMENT = {
  '.js': /\n?\/\/# sourceMappingURL=[^\n]*\s*$/,
  '.css': /\n?\/\*# sourceMappingURL=[^*]*\*\/\s*$/,
};

/** Removes the maps under `dir` and the comments naming them; returns how many maps it removed. */
export async function removeSourceMaps(dir) {
  let removed = 0;
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      removed += await removeSourceMaps(file);
    } else if (entry.name.endsWith('.map')) {
      await fs.rm(file);
      removed += 1;
    } else if (MAPPING_COMMENT[path.extname(entry.name)]) {
      const text = await fs.readFile(file, 'utf8');
      const stripped = text.replace(
        MAPPING_COMMENT[path.extname(entry.name)],
        '\n',
      );
      if (stripped !== text) await fs.writeFile(file, stripped);
    }
  }
  return removed;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: node scripts/remove-source-maps.mjs <dir>');
    process.exit(2);
  }
  const removed = await removeSourceMaps(path.resolve(dir));
  console.log(
    `[remove-source-maps] removed ${removed} source maps from ${dir}`,
  );
}
