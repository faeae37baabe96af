import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
// The sandbox's Elasticsearch stand-in, over real HTTP: the backend's query must stay inside
// the query subset the stand-in covers.
import {
  createElasticsearchRouter,
  createSeededElasticsearchStore,
} from '@internal/sandbox';
import { AddressInfo } from 'node:net';
import { Server } from 'node:http';
import request from 'supertest';
import { component } from './__testUtils__/fakeElasticsearch';
import { logsPlugin } from './plugin';

const NOW = new Date('2026-11-22T09:00:00.000Z');

describe('error count against the sandbox Elasticsearch', () => {
  let es: Server;
  let esUrl: string;

  beforeAll(async () => {
    const router = createElasticsearchRouter({
      store: createSeededElasticsearchStore(NOW),
      auth: { apiKey: 'sandbox-key' },
    });
    es = await new Promise<Server>(resolve => {
      const server = router.listen(0, '127.0.0.1', () => resolve(server));
    });
    esUrl = `http://127.0.0.1:${(es.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>(resolve => es.close(() => resolve())));

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
                elasticsearch: { url: esUrl, index: 'logs-*', apiKey },
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
