import { FetchUrlReader } from '@backstage/backend-defaults/urlReader';
import { ConfigReader } from '@backstage/config';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { GitOpsWorkspace } from '../testUtils/GitOpsWorkspace';
import { GitServer } from './GitServer';

const CATALOG_INFO = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: payments
spec:
  type: service
  lifecycle: experimental
  owner: team-billing
`;

describe("raw file URLs through Backstage's FetchUrlReader", () => {
  let dataDir: string;
  let server: GitServer;
  let reader: FetchUrlReader;

  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'sandbox-reader-'));
    server = await GitServer.start({ dataDir, repository: 'gitops', port: 0 });
    const workspace = await GitOpsWorkspace.clone(server.repoUrl);
    await workspace.commitAndPush(
      { 'services/payments/catalog-info.yaml': CATALOG_INFO },
      'Add payments',
    );
    await workspace.remove();
    // What app-config's backend.reading.allow needs for the sandbox git server.
    reader = FetchUrlReader.fromConfig(
      new ConfigReader({
        backend: { reading: { allow: [{ host: `127.0.0.1:${server.port}` }] } },
      }),
    );
  });

  afterAll(async () => {
    await server.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  const catalogInfoUrl = () =>
    server.rawFileUrl('main', 'services/payments/catalog-info.yaml');

  it('reads catalog-info.yaml with an ETag', async () => {
    const response = await reader.readUrl(catalogInfoUrl());
    expect((await response.buffer()).toString('utf8')).toBe(CATALOG_INFO);
    expect(response.etag).toMatch(/^"[0-9a-f]{40}"$/);
  });

  it('answers NotModified for the same ETag, as the catalog refresh loop expects', async () => {
    const { etag } = await reader.readUrl(catalogInfoUrl());
    await expect(
      reader.readUrl(catalogInfoUrl(), { etag }),
    ).rejects.toMatchObject({ name: 'NotModifiedError' });
  });

  it('answers NotFound for a file that is not there', async () => {
    await expect(
      reader.readUrl(
        server.rawFileUrl('main', 'services/orders/catalog-info.yaml'),
      ),
    ).rejects.toMatchObject({ name: 'NotFoundError' });
  });
});
