import { AddressInfo } from 'node:net';
import { Server } from 'node:http';
import { createElasticsearchRouter } from '../createElasticsearchRouter';
import { ElasticsearchStore } from '../ElasticsearchStore';
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

/** Starts the Elasticsearch stand-in over HTTP with the contract's templates and documents. */
export async function startSandboxElasticsearchTarget(): Promise<SandboxElasticsearchTarget> {
  const seed = elasticsearchContractSeed();
  const store = new ElasticsearchStore({ templates: seed.templates });
  for (const { index, document } of seed.entries) store.add(index, document);
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = createElasticsearchRouter({ store }).listen(
      0,
      '127.0.0.1',
      () => resolve(listening),
    );
    listening.on('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    target: { url: `http://127.0.0.1:${port}`, index: 'logs-*' },
    store,
    close: () =>
      new Promise<void>((resolve, reject) =>
        server.close(error => (error ? reject(error) : resolve())),
      ),
  };
}
