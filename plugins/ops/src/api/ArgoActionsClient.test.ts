import { ResponseError } from '@backstage/errors';
import { mockApis, registerMswTestHooks } from '@backstage/frontend-test-utils';
import { isOpsNotConfigured } from '@internal/plugin-ops-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  ARGO_ACTIONS_BACKEND,
  gitRevertPreview,
  GITOPS_HEAD_SHA,
  idleState,
  runningState,
} from '../__testUtils__/argoActionsFixtures';
import { ArgoActionConflictError } from './ArgoActionConflictError';
import { ArgoActionsClient } from './ArgoActionsClient';

const server = setupServer();
const entityRef = 'component:default/driver';

function backendError(name: string, message: string, status: number) {
  return HttpResponse.json(
    {
      error: { name, message },
      request: { method: 'POST', url: '/api/argocd-actions/sync' },
      response: { statusCode: status },
    },
    { status },
  );
}

describe('ArgoActionsClient', () => {
  registerMswTestHooks(server);
  const client = new ArgoActionsClient({
    discoveryApi: mockApis.discovery(),
    fetchApi: mockApis.fetch(),
  });

  it('reads the state of the entity', async () => {
    let asked: string | null = null;
    server.use(
      http.get(`${ARGO_ACTIONS_BACKEND}/state`, ({ request }) => {
        asked = new URL(request.url).searchParams.get('entityRef');
        return HttpResponse.json(idleState);
      }),
    );
    await expect(client.getState(entityRef)).resolves.toEqual(idleState);
    expect(asked).toBe(entityRef);
  });

  it('answers the not-configured body as the backend sent it', async () => {
    const body = {
      missingAnnotation: 'argocd/app-name',
      message: 'The entity names no Argo CD Application',
    };
    server.use(
      http.get(`${ARGO_ACTIONS_BACKEND}/state`, () => HttpResponse.json(body)),
    );
    const state = await client.getState(entityRef);
    expect(isOpsNotConfigured(state)).toBe(true);
    expect(state).toEqual(body);
  });

  it.each([
    ['an empty object', {}],
    ['a state without history', { ...idleState, history: undefined }],
    [
      'an operation in an unknown phase',
      {
        ...idleState,
        operation: { ...idleState.operation, phase: 'Pending' },
      },
    ],
  ])('refuses %s instead of guessing what it means', async (_case, body) => {
    server.use(
      http.get(`${ARGO_ACTIONS_BACKEND}/state`, () => HttpResponse.json(body)),
    );
    await expect(client.getState(entityRef)).rejects.toThrow(
      /^The argocd-actions backend answered GET \/state with an unexpected body \(/,
    );
  });

  it('posts each action as JSON to its path', async () => {
    const posted: Array<[string, unknown]> = [];
    for (const path of ['sync', 'refresh', 'cancel', 'rollback']) {
      server.use(
        http.post(`${ARGO_ACTIONS_BACKEND}/${path}`, async ({ request }) => {
          posted.push([path, await request.json()]);
          return HttpResponse.json({
            state: runningState,
            ...(path === 'rollback'
              ? { commit: { sha: 'abc1234', url: 'http://git/c/abc1234' } }
              : {}),
          });
        }),
      );
    }
    server.use(
      http.post(
        `${ARGO_ACTIONS_BACKEND}/rollback/preview`,
        async ({ request }) => {
          posted.push(['rollback/preview', await request.json()]);
          return HttpResponse.json(gitRevertPreview);
        },
      ),
    );

    await expect(
      client.sync({ entityRef, prune: true, dryRun: true }),
    ).resolves.toEqual({ state: runningState });
    await client.refresh({ entityRef });
    await client.cancel({ entityRef });
    await expect(
      client.previewRollback({ entityRef, historyId: 2 }),
    ).resolves.toEqual(gitRevertPreview);
    await expect(
      client.rollback({
        entityRef,
        historyId: 2,
        expectedRevision: GITOPS_HEAD_SHA,
        mode: 'git-revert',
      }),
    ).resolves.toEqual({
      state: runningState,
      commit: { sha: 'abc1234', url: 'http://git/c/abc1234' },
    });

    expect(posted).toEqual([
      ['sync', { entityRef, prune: true, dryRun: true }],
      ['refresh', { entityRef }],
      ['cancel', { entityRef }],
      ['rollback/preview', { entityRef, historyId: 2 }],
      [
        'rollback',
        {
          entityRef,
          historyId: 2,
          expectedRevision: GITOPS_HEAD_SHA,
          mode: 'git-revert',
        },
      ],
    ]);
  });

  it.each([
    ['a result without its state', '/sync', { commit: { sha: 'abc' } }],
    [
      'a preview without files',
      '/rollback/preview',
      { ...gitRevertPreview, files: undefined },
    ],
    ['a body that is not JSON', '/refresh', 'OK'],
  ])('refuses %s', async (_case, path, body) => {
    server.use(
      http.post(`${ARGO_ACTIONS_BACKEND}${path}`, () =>
        typeof body === 'string'
          ? HttpResponse.text(body)
          : HttpResponse.json(body),
      ),
    );
    const call =
      path === '/rollback/preview'
        ? client.previewRollback({ entityRef, historyId: 2 })
        : client[path === '/sync' ? 'sync' : 'refresh']({
            entityRef,
            prune: false,
            dryRun: false,
          });
    await expect(call).rejects.toThrow(
      `The argocd-actions backend answered POST ${path} with an unexpected body`,
    );
  });

  it('turns a 409 with the state that won into an ArgoActionConflictError', async () => {
    server.use(
      http.post(`${ARGO_ACTIONS_BACKEND}/sync`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'ConflictError',
              message: 'another operation is already in progress',
            },
            current: runningState,
          },
          { status: 409 },
        ),
      ),
    );
    const error = await client
      .sync({ entityRef, prune: false, dryRun: false })
      .catch(e => e);
    expect(error).toBeInstanceOf(ArgoActionConflictError);
    expect(error.message).toBe('another operation is already in progress');
    expect(error.current).toEqual(runningState);
  });

  it.each([
    [409, 'ConflictError', 'busy'],
    [403, 'NotAllowedError', 'only the owners of driver may sync it'],
    [404, 'NotFoundError', 'no Application driver on instance sandbox'],
    [503, 'ServiceUnavailableError', 'Argo CD sandbox: connect ECONNREFUSED'],
  ])(
    'turns a %s without a state into a ResponseError with the message',
    async (status, name, message) => {
      server.use(
        http.post(`${ARGO_ACTIONS_BACKEND}/sync`, () =>
          backendError(name, message, status),
        ),
      );
      const error = await client
        .sync({ entityRef, prune: false, dryRun: false })
        .catch(e => e);
      expect(error).toBeInstanceOf(ResponseError);
      expect(error.statusCode).toBe(status);
      expect(error.cause.message).toBe(message);
    },
  );
});
