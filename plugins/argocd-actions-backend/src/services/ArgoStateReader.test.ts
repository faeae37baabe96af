import { mockServices } from '@backstage/backend-test-utils';
import { ArgoCdClient } from '@internal/plugin-ops-node';
import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { driverApplication } from '../__testUtils__/argoApplication';
import {
  ARGO_URL,
  FakeArgoCd,
  READER_TOKEN,
} from '../__testUtils__/fakeArgoCd';
import { ArgoStateReader, METADATA_ENTRIES } from './ArgoStateReader';

const argo = new FakeArgoCd();
const msw = setupServer(...argo.handlers());
const target = {
  entityRef: 'component:default/driver',
  entityName: 'driver',
  application: 'driver',
};
const revision = (i: number) => i.toString(16).padStart(40, '0');

function reader(metadataTimeoutMs?: number) {
  return new ArgoStateReader({
    argoCd: new ArgoCdClient(
      { name: 'main', url: ARGO_URL, token: READER_TOKEN },
      { timeoutMs: 2000 },
    ),
    logger: mockServices.logger.mock(),
    metadataTimeoutMs,
  });
}

describe('ArgoStateReader', () => {
  beforeAll(() => msw.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => msw.close());
  beforeEach(() => {
    argo.reset();
    msw.resetHandlers();
  });

  it('asks the metadata of the newest entries only, in parallel, and keeps what it read', async () => {
    const revisions = Array.from({ length: 14 }, (_, i) => revision(i + 1));
    argo.apps.set('driver', driverApplication({ revisions }));
    for (const r of revisions) {
      argo.metadata.set(r, { author: `author ${r.slice(-2)}`, message: 'm' });
    }
    const subject = reader();

    const state = await subject.state(target);

    const asked = argo.requests.filter(r => r.url.includes('/metadata'));
    expect(asked).toHaveLength(METADATA_ENTRIES);
    expect(asked.map(r => r.url)).toContain(
      `GET /api/v1/applications/driver/revisions/${revisions[13]}/metadata?project=services`,
    );
    expect(state.history).toHaveLength(14);
    expect(state.history[0]).toMatchObject({ id: 13, author: 'author 0e' });
    expect(state.history[13].author).toBeUndefined();

    argo.requests.length = 0;
    await subject.state(target);
    expect(argo.requests.map(r => r.url)).toEqual([
      'GET /api/v1/applications/driver',
    ]);
  });

  it('shows entries without author when the metadata is slow or fails, and asks again next time', async () => {
    const revisions = [revision(1), revision(2)];
    argo.apps.set('driver', driverApplication({ revisions }));
    argo.metadata.set(revision(1), { author: 'Jane', message: 'first' });
    msw.use(
      http.get(
        `${ARGO_URL}/api/v1/applications/driver/revisions/${revision(
          2,
        )}/metadata`,
        async () => {
          await delay(500);
          return HttpResponse.json({ author: 'Late', message: 'late' });
        },
      ),
    );
    const subject = reader(50);
    const state = await subject.state(target);
    expect(state.history.map(h => [h.id, h.author])).toEqual([
      [1, undefined],
      [0, 'Jane'],
    ]);
    msw.resetHandlers();
    argo.metadata.set(revision(2), { author: 'Joe', message: 'second' });
    expect((await subject.state(target)).history[0].author).toBe('Joe');
  });
});
