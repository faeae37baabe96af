import { readFile } from 'node:fs/promises';
import { createServer, Server } from 'node:http';
import { join } from 'node:path';

/**
 * The catalog repository as a git host's raw URLs serve it: `catalog-info.yaml` and the files under
 * `catalog/` of this repository, read-only, on a free loopback port (CATALOG_REPO_URL).
 */
export async function startCatalogHost(
  repoRoot: string,
): Promise<{ url: string; host: string; close(): Promise<void> }> {
  const server: Server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (
      req.method !== 'GET' ||
      !/^\/(catalog-info\.yaml|catalog\/[a-z0-9-]+\.yaml)$/.test(path)
    ) {
      res.writeHead(404).end();
      return;
    }
    try {
      const body = await readFile(join(repoRoot, path));
      res.writeHead(200, { 'content-type': 'text/yaml' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address !== 'object') throw new Error('no address');
  const host = `127.0.0.1:${address.port}`;
  return {
    url: `http://${host}/catalog-info.yaml`,
    host,
    close: () => new Promise(resolve => server.close(() => resolve())),
  };
}
