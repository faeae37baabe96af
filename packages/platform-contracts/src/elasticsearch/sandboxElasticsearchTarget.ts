import { AddressInfo } from 'node:net';
import { Server } from 'node:http';
import {
  createElasticsearchRouter,
  ElasticsearchStore,
} from '@internal/sandbox';
import {
  ElasticsearchContractTarget,
  elasticsearchContractSeed,
} from './elasticsearchContract';

/** The stand-in on a free loopback port, holding the contract's seed. */
export interface SandboxElasticsearchTarget {
  target: ElasticsearchContractTarget;
  store: ElasticsearchStore;
  close(): Promise<void>;
}

/** The API key the stand-in accepts (base64 of `id:key`, as Elasticsearch issues them). */
export const SANDBOX_CONTRACT_API_KEY = Buffer.from(
  'contract-sandbox:sandbox-secret',
).toString('base64');

/**
 * Starts the Elasticsearch stand-in over HTTP with the contract's templates and documents,
 * accepting {@link SANDBOX_CONTRACT_API_KEY} only.
 */
export async function startSandboxElasticsearchTarget(): Promise<SandboxElasticsearchTarget> {
  const seed = elasticsearchContractSeed();
  const store = new ElasticsearchStore({ templates: seed.templates });
  for (const { index, document } of seed.entries) store.add(index, document);
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = createElasticsearchRouter({
      store,
      auth: { apiKey: SANDBOX_CONTRACT_API_KEY },
    }).listen(0, '127.0.0.1', () => resolve(listening));
    listening.on('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    target: {
      url: `http://127.0.0.1:${port}`,
      index: 'logs-*',
      credentials: { apiKey: SANDBOX_CONTRACT_API_KEY },
    },
    store,
    close: () =>
      new Promise<void>((resolve, reject) =>
        server.close(error => (error ? reject(error) : resolve())),
      ),
  };
}
