// The portal's error count is part of what the suite checks; the test passes it in.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import {
  ErrorCountService,
  readLogsBackendConfig,
} from '@internal/plugin-logs-backend';
import { describeElasticsearchContract } from './elasticsearchContract';
import {
  SandboxElasticsearchTarget,
  startSandboxElasticsearchTarget,
} from './sandboxElasticsearchTarget';

type LogsCatalog = ConstructorParameters<
  typeof ErrorCountService
>[0]['catalog'];

// The same suite runs against a real Elasticsearch in packages/real-infra
// (elasticsearch.realinfra.test.ts); a difference found there is fixed in the sandbox.
describe('the Elasticsearch contract against the sandbox stand-in', () => {
  let sandbox: SandboxElasticsearchTarget;

  beforeAll(async () => {
    sandbox = await startSandboxElasticsearchTarget();
  });

  afterAll(() => sandbox?.close());

  describeElasticsearchContract(() => sandbox.target, {
    // The logs backend's error count, built as the plugin builds it; the suite's catalog holds
    // only what the count reads (getEntityByRef).
    errorCount: ({ config, catalog }) =>
      new ErrorCountService({
        config: readLogsBackendConfig(config),
        catalog: catalog as unknown as LogsCatalog,
      }),
  });
});
