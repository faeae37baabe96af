import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** What the browser loads before the app can render anything: the scripts and style sheets `index.html` names. */
export interface EntryBundle {
  files: string[];
  bytes: number;
  /** The same files gzip-compressed (level 6, what the backend's compression sends). */
  gzipBytes: number;
}

/**
 * The static paths of the entry scripts and style sheets of a built app's `index.html`
 * (`<script src="/static/…">`, `<link rel="stylesheet" href="/static/…">`), in document order,
 * relative to the dist folder. Absolute URLs (another origin) are left out.
 */
export function entryAssetPaths(indexHtml: string): string[] {
  const paths: string[] = [];
  const tag = /<(script|link)\b[^>]*>/gi;
  for (const match of indexHtml.matchAll(tag)) {
    const element = match[0];
    const attribute = (name: string) =>
      new RegExp(`\\b${name}=["']([^"']+)["']`, 'i').exec(element)?.[1];
    let url: string | undefined;
    if (match[1].toLowerCase() === 'script') url = attribute('src');
    else if (/\brel=["']stylesheet["']/i.test(element)) url = attribute('href');
    if (!url || /^[a-z]+:|^\/\//i.test(url)) continue;
    const path = url.replace(/^\.?\//, '').replace(/[?#].*$/, '');
    if (!paths.includes(path)) paths.push(path);
  }
  return paths;
}

/** The entry bundle of the built app in `distDir` (its `index.html` and the files it names). */
export async function measureEntryBundle(
  distDir: string,
): Promise<EntryBundle> {
  const html = await readFile(join(distDir, 'index.html'), 'utf8');
  const files = entryAssetPaths(html);
  let bytes = 0;
  let gzipBytes = 0;
  for (const file of files) {
    const content = await readFile(join(distDir, file));
    bytes += content.length;
    gzipBytes += gzipSync(content, { level: 6 }).length;
  }
  return { files, bytes, gzipBytes };
}
