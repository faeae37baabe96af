import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { entryAssetPaths, measureEntryBundle } from './entryBundle';

describe('entryAssetPaths', () => {
  it.each([
    [
      'scripts and style sheets in document order',
      '<link rel="stylesheet" href="/static/main.css"><script defer src="/static/runtime.js"></script><script src="/static/main.js"></script>',
      ['static/main.css', 'static/runtime.js', 'static/main.js'],
    ],
    [
      'links that are not style sheets are left out',
      '<link rel="icon" href="/favicon.ico"><link rel="manifest" href="/manifest.json">',
      [],
    ],
    [
      'other origins are left out, query strings dropped, duplicates once',
      '<script src="https://cdn.example.com/x.js"></script><script src="//cdn/x.js"></script><script src="./static/a.js?v=1"></script><script src="/static/a.js"></script>',
      ['static/a.js'],
    ],
    ['an inline script is not a file', '<script>window.x = 1</script>', []],
    [
      'single quotes and attribute order',
      "<script type='module' src='/static/m.js'></script><link href='/static/s.css' rel='stylesheet'>",
      ['static/m.js', 'static/s.css'],
    ],
  ])('%s', (_name, html, expected) => {
    expect(entryAssetPaths(html)).toEqual(expected);
  });
});

describe('measureEntryBundle', () => {
  it('sums the raw and gzip sizes of the files index.html names', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'entry-bundle-'));
    try {
      mkdirSync(join(dir, 'static'));
      const a = 'console.log("a");'.repeat(100);
      const b = 'body{color:red}';
      writeFileSync(join(dir, 'static', 'a.js'), a);
      writeFileSync(join(dir, 'static', 'b.css'), b);
      writeFileSync(join(dir, 'static', 'lazy.js'), 'not in the entry');
      writeFileSync(
        join(dir, 'index.html'),
        '<link rel="stylesheet" href="/static/b.css"><script src="/static/a.js"></script>',
      );
      const bundle = await measureEntryBundle(dir);
      expect(bundle.files).toEqual(['static/b.css', 'static/a.js']);
      expect(bundle.bytes).toBe(a.length + b.length);
      expect(bundle.gzipBytes).toBe(
        gzipSync(b, { level: 6 }).length + gzipSync(a, { level: 6 }).length,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
