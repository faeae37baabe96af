import { ReactNode } from 'react';
import { Entity } from '@backstage/catalog-model';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import type { ArgoActionsState } from '@internal/plugin-argocd-actions-common';
import { http, HttpResponse } from 'msw';
import type { SetupServer } from 'msw/node';
import { ArgoActionsClient, argoActionsApiRef } from '../api';
import { ArgoCdActionBar } from '../components/ArgoCdActions';
import { ARGO_ACTIONS_BACKEND } from './argoActionsFixtures';
import { annotatedEntity } from './fixtures';

/** The driver Component under another name (usePermission caches answers per entity). */
export function entityNamed(name: string): Entity {
  return {
    ...annotatedEntity,
    metadata: { ...annotatedEntity.metadata, name },
  };
}

/** Answers GET /state with the given states in turn (the last one repeats), counting calls. */
export function stateAnswers(server: SetupServer, ...states: unknown[]) {
  const calls = { count: 0 };
  server.use(
    http.get(`${ARGO_ACTIONS_BACKEND}/state`, () => {
      const state = states[Math.min(calls.count, states.length - 1)];
      calls.count += 1;
      return HttpResponse.json(state as ArgoActionsState);
    }),
  );
  return calls;
}

/** Records the JSON bodies POSTed to `path` and answers each with `answer(body)`. */
export function postAnswers(
  server: SetupServer,
  path: string,
  answer: (body: any) => Response,
) {
  const bodies: any[] = [];
  server.use(
    http.post(`${ARGO_ACTIONS_BACKEND}${path}`, async ({ request }) => {
      const body = await request.json();
      bodies.push(body);
      return answer(body);
    }),
  );
  return bodies;
}

/** A Backstage error body as the backend's error handler sends it. */
export function backendError(name: string, message: string, status: number) {
  return HttpResponse.json(
    {
      error: { name, message },
      request: { method: 'POST', url: '/api/argocd-actions' },
      response: { statusCode: status },
    },
    { status },
  );
}

/** Renders the action bar for `entity` with the real client over msw. */
export function renderActionBar(
  options: {
    entity?: Entity;
    authorize?: NonNullable<
      Parameters<typeof mockApis.permission>[0]
    >['authorize'];
    pollIntervalMs?: number;
    /** Wraps the entity provider, e.g. in an `OpsRefreshProvider`. */
    wrap?: (children: ReactNode) => ReactNode;
  } = {},
) {
  const discoveryApi = mockApis.discovery();
  const fetchApi = mockApis.fetch();
  const bar = (
    <EntityProvider entity={options.entity ?? annotatedEntity}>
      <ArgoCdActionBar pollIntervalMs={options.pollIntervalMs ?? 60_000} />
    </EntityProvider>
  );
  return renderInTestApp(<>{options.wrap ? options.wrap(bar) : bar}</>, {
    apis: [
      [argoActionsApiRef, new ArgoActionsClient({ discoveryApi, fetchApi })],
      [permissionApiRef, mockApis.permission({ authorize: options.authorize })],
    ] as const,
  });
}
