import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
// The local platform's Elasticsearch stand-in, over real HTTP: the backend's query must stay
// inside the query subset the stand-in covers.
import { startTestSandbox, TestSandbox } from '@internal/sandbox/testing';
import request from 'supertest';
import { component } from './__testUtils__/fakeElasticsearch';
import { logsPlugin } from './plugin';

const NOW = new Date('2026-11-22T09:00:00.000Z');

// Starts the local platform (git server, stand-ins): room for a loaded 2-core CI machine.
jest.setTimeout(60_000);

describe('error count against the sandbox Elasticsearch', () => {
  let env: TestSandbox;

  beforeAll(async () => {
    env = await startTestSandbox({
      elasticsearch: { apiKey: 'sandbox-key', seedTime: NOW },
    });
  });

  afterAll(() => env?.stop());

  async function start(apiKey: string) {
    const { server } = await startTestBackend({
      features: [
        logsPlugin,
        catalogServiceMock.factory({
          entities: [
            component('driver'),
            component('giropops-senhas', {
              'backstage.io/kubernetes-id': 'giropops-senhas',
              'backstage.io/kubernetes-namespace': 'giropops',
            }),
          ],
        }),
        mockServices.rootConfig.factory({
          data: {
            opsPortal: {
              logs: {
                elasticsearch: {
                  ...env.portalConfig.opsPortal.logs.elasticsearch,
                  apiKey,
                },
              },
            },
          },
        }),
      ],
    });
    return server;
  }

  it.each([
    ['driver', '2026-11-21T09:00:00.000Z', 24],
    ['giropops-senhas', '2026-11-21T09:00:00.000Z', 24],
    ['driver', '2026-11-22T07:00:00.000Z', 2],
    ['driver', '2026-11-22T08:00:00.000Z', 0],
  ])(
    'counts the seeded error lines of %s since %s',
    async (name, from, count) => {
      const app = await start('sandbox-key');
      const res = await request(app)
        .get('/api/logs/error-count')
        .query({
          entityRef: `component:default/${name}`,
          from,
          to: NOW.toISOString(),
        })
        .expect(200);
      expect(res.body.count).toBe(count);
    },
  );

  it('reports the stand-in refusing a wrong key as an Elasticsearch failure', async () => {
    const app = await start('wrong-key');
    const res = await request(app)
      .get('/api/logs/error-count')
      .query({
        entityRef: 'driver',
        from: '2026-11-22T08:00:00.000Z',
        to: NOW.toISOString(),
      })
      .expect(503);
    expect(res.body.error.message).toMatch(
      /^Elasticsearch refused _count on 'logs-\*' \(401: security_exception: .+\); check the credentials of opsPortal\.logs\.elasticsearch$/,
    );
  });
});
