import {
  describeElasticsearchContract,
  elasticsearchContractSeed,
  ElasticsearchContractTarget,
} from '@internal/platform-contracts';
// The portal's error count is part of what the suite checks; the test passes it in.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import {
  ErrorCountService,
  readLogsBackendConfig,
} from '@internal/plugin-logs-backend';
import { randomBytes } from 'node:crypto';
import { ElasticsearchServer } from './ElasticsearchServer';

type LogsCatalog = ConstructorParameters<
  typeof ErrorCountService
>[0]['catalog'];

const mib = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MiB`;

// Security on, as in production: a file-realm user the suite (and the logs backend in it)
// authenticates with. Not an API key: creating one needs the .security index, whose mapping uses
// the analysis-common module that the integ-test distribution does not include.
const security = {
  username: 'portal',
  password: randomBytes(12).toString('hex'),
};

/**
 * The sandbox's Elasticsearch contract against a real Elasticsearch (the integ-test distribution
 * from Maven Central, see scripts/obtain-elasticsearch.sh) holding the same seeded Fluentd and
 * Kong tcp-log documents, behind the same Fluentd index template, with security on.
 */
describe('the Elasticsearch contract against a real Elasticsearch', () => {
  let es: ElasticsearchServer | undefined;
  let target: ElasticsearchContractTarget;

  beforeAll(async () => {
    es = await ElasticsearchServer.start({ security });
    const seed = elasticsearchContractSeed();
    const seeding = Date.now();
    for (const template of seed.templates) {
      await es.putIndexTemplate(template.name, template.body);
    }
    await es.bulkIndex(seed.entries);
    const memory = es.memory();
    // Reported, not asserted: the numbers of the closing note come from here.
    // eslint-disable-next-line no-console
    console.log(
      [
        `Elasticsearch ${es.version} (Java at ${es.javaHome}) on ${es.url}, pid ${es.pid} / server ${es.serverPid}`,
        `start until health yellow: ${es.timings.healthyMs} ms (attempt ${es.timings.attempts})`,
        `template + bulk of ${seed.entries.length} documents: ${
          Date.now() - seeding
        } ms`,
        `RSS: server JVM ${mib(memory.serverRssBytes)}, launcher ${mib(
          memory.launcherRssBytes,
        )}`,
      ].join('\n'),
    );
    target = {
      url: es.url,
      index: 'logs-*',
      credentials: security,
    };
  });

  afterAll(async () => {
    await es?.stop();
  });

  describeElasticsearchContract(() => target, {
    // The logs backend's error count, built as the plugin builds it; the suite's catalog holds
    // only what the count reads (getEntityByRef).
    errorCount: ({ config, catalog }) =>
      new ErrorCountService({
        config: readLogsBackendConfig(config),
        catalog: catalog as unknown as LogsCatalog,
      }),
  });

  it('stops by PID: both JVMs are gone, and a restart (warm) is healthy again', async () => {
    const first = es!;
    const pids = [first.pid, first.serverPid!];
    const memory = first.memory();
    await first.stop();
    es = undefined;
    for (const pid of pids) {
      expect(() => process.kill(pid, 0)).toThrow();
    }
    es = await ElasticsearchServer.start({ security });
    const health = await es.request('GET', '/_cluster/health');
    expect(['green', 'yellow']).toContain(health.status);
    // eslint-disable-next-line no-console
    console.log(
      `Elasticsearch restart (warm) until health yellow: ${
        es.timings.healthyMs
      } ms; RSS after the suite was ${mib(
        memory.serverRssBytes,
      )} (server JVM) + ${mib(memory.launcherRssBytes)} (launcher)`,
    );
  });
});
