import { describeElasticsearchContract } from './elasticsearchContract';
import {
  SandboxElasticsearchTarget,
  startSandboxElasticsearchTarget,
} from './sandboxElasticsearchTarget';

// The same suite runs against a real Elasticsearch in packages/real-infra
// (elasticsearch.realinfra.test.ts); a difference found there is fixed here.
describe('the Elasticsearch contract against the sandbox stand-in', () => {
  let sandbox: SandboxElasticsearchTarget;

  beforeAll(async () => {
    sandbox = await startSandboxElasticsearchTarget();
  });

  afterAll(() => sandbox?.close());

  describeElasticsearchContract(() => sandbox.target);
});
