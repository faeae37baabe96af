import { Entity } from '@backstage/catalog-model';
import {
  mockApis,
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { MetricsClient, metricsApiRef } from '@internal/plugin-metrics-react';
import { Rollout, RolloutsResponse } from '@internal/plugin-traffic-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  canaryAnalysis,
  driverEntity,
  driverState,
  METRICS_BACKEND,
  observedSplit,
  TRAFFIC_BACKEND,
} from '../../__testUtils__/fixtures';
import { TrafficClient, trafficApiRef } from '../../api';
import { TrafficCard } from '../TrafficCard';

jest.setTimeout(30_000);

const server = setupServer();
registerMswTestHooks(server);

const ROLLOUT_ID = '3f2a9c1e-0000-4000-8000-000000000001';

const running: Rollout = {
  id: ROLLOUT_ID,
  entityRef: 'component:default/driver',
  canarySubset: 'v2',
  stableSubset: 'v1',
  plan: { steps: [10, 25, 50, 100], intervalSeconds: 60, maxFailedChecks: 2 },
  status: 'running',
  phase: 'analyse',
  stepIndex: 1,
  failedChecks: 1,
  phaseSince: '2026-12-05T10:03:00.000Z',
  expectedWeights: [
    { subset: 'v1', weight: 75 },
    { subset: 'v2', weight: 25 },
  ],
  message:
    'Check 1/2 failed at step 2/4 (v2 at 25%): success rate 97% < 99%; analysing the next interval',
  startedBy: 'user:default/guest',
  startedAt: '2026-12-05T10:00:00.000Z',
  updatedAt: '2026-12-05T10:03:00.000Z',
  events: [
    {
      at: '2026-12-05T10:00:00.000Z',
      kind: 'started',
      weight: 0,
      message: 'Started by user:default/guest',
    },
    {
      at: '2026-12-05T10:01:00.000Z',
      kind: 'step-written',
      weight: 10,
      commit: '0123456789abcdef0123456789abcdef01234567',
      message: 'Step 1/4: v2 at 10%, waiting for it to be live',
    },
    {
      at: '2026-12-05T10:03:00.000Z',
      kind: 'check-failed',
      weight: 25,
      verdict: {
        status: 'failed',
        requests: 300,
        successRate: 97,
        latencyP99Ms: 210,
        problems: ['success rate 97% < 99%'],
      },
      message:
        'Check 1/2 failed at step 2/4 (v2 at 25%): success rate 97% < 99%',
    },
  ],
  revision: 7,
};

const rolledBack: Rollout = {
  ...running,
  status: 'failed',
  phase: 'rollback',
  failedChecks: 2,
  message:
    'Failed at step 2/4 (v2 at 25%) after 2 failed checks: success rate 92% < 99%; rolled back to v1',
  revision: 9,
};

/** Serves the card's reads; answers GET /rollouts with `rollouts`; records rollout POSTs. */
function backend(rollouts: RolloutsResponse) {
  const posts: Array<{ path: string; body: unknown }> = [];
  server.use(
    http.get(`${TRAFFIC_BACKEND}/state`, () => HttpResponse.json(driverState)),
    http.get(`${TRAFFIC_BACKEND}/rollouts`, () => HttpResponse.json(rollouts)),
    http.get(`${METRICS_BACKEND}/observed-split`, () =>
      HttpResponse.json(observedSplit),
    ),
    http.get(`${METRICS_BACKEND}/canary-analysis`, () =>
      HttpResponse.json(canaryAnalysis),
    ),
    http.post(
      `${TRAFFIC_BACKEND}/rollouts/:id/:action`,
      async ({ request, params }) => {
        posts.push({
          path: `${params.id}/${params.action}`,
          body: await request.json(),
        });
        return HttpResponse.json({
          ...running,
          phase: 'abort',
          message:
            'Abort requested by user:default/guest: all traffic goes back to v1',
          revision: 8,
        });
      },
    ),
    http.post(`${TRAFFIC_BACKEND}/rollouts`, async ({ request }) => {
      const body = await request.json();
      posts.push({ path: 'start', body });
      return HttpResponse.json(
        {
          ...running,
          stepIndex: 0,
          failedChecks: 0,
          phase: 'apply',
          message: 'Started',
          revision: 1,
        },
        { status: 201 },
      );
    }),
  );
  return posts;
}

function entityNamed(name: string): Entity {
  return { ...driverEntity, metadata: { ...driverEntity.metadata, name } };
}

async function renderCard(
  options: { entity?: Entity; allowed?: boolean } = {},
) {
  const discoveryApi = mockApis.discovery();
  const fetchApi = mockApis.fetch();
  return renderInTestApp(
    <EntityProvider entity={options.entity ?? driverEntity}>
      <TrafficCard pollIntervalMs={60_000} />
    </EntityProvider>,
    {
      apis: [
        [trafficApiRef, new TrafficClient({ discoveryApi, fetchApi })],
        [metricsApiRef, new MetricsClient({ discoveryApi, fetchApi })],
        [
          permissionApiRef,
          mockApis.permission({
            authorize:
              options.allowed === false
                ? AuthorizeResult.DENY
                : AuthorizeResult.ALLOW,
          }),
        ],
      ] as const,
    },
  );
}

describe('the Traffic card’s rollout section', () => {
  it('shows the active rollout: steps, failed checks, message and history with the figures and commits', async () => {
    backend({ active: running, recent: [] });
    await renderCard();

    const active = await screen.findByTestId('rollout-active');
    expect(within(active).getByTestId('rollout-status')).toHaveTextContent(
      'Running',
    );
    expect(within(active).getAllByTestId('rollout-step-done')).toHaveLength(1);
    expect(
      within(active).getByTestId('rollout-step-current'),
    ).toHaveTextContent('25%');
    expect(within(active).getAllByTestId('rollout-step-next')).toHaveLength(2);
    expect(active).toHaveTextContent('failed checks 1 of 2');
    expect(within(active).getByTestId('rollout-message')).toHaveTextContent(
      'Check 1/2 failed at step 2/4 (v2 at 25%)',
    );
    const events = within(active).getByTestId('rollout-events');
    expect(events).toHaveTextContent(
      '(success 97 %, p99 210 ms, 300 requests)',
    );
    expect(events).toHaveTextContent('commit 0123456');
    expect(screen.queryByRole('button', { name: 'Start rollout' })).toBeNull();
  });

  it('lets an owner abort at the revision shown, and shows the answer', async () => {
    const posts = backend({ active: running, recent: [] });
    await renderCard();

    await userEvent.click(await screen.findByRole('button', { name: 'Abort' }));

    await waitFor(() =>
      expect(screen.getByTestId('rollout-message')).toHaveTextContent(
        'Abort requested by user:default/guest',
      ),
    );
    expect(posts).toEqual([
      { path: `${ROLLOUT_ID}/abort`, body: { revision: 7 } },
    ]);
  });

  it('disables the actions and the start for a user who may not shift traffic', async () => {
    const posts = backend({ active: running, recent: [] });
    await renderCard({
      entity: entityNamed('driver-not-mine'),
      allowed: false,
    });

    await screen.findByTestId('rollout-active');
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Abort' })).toBeDisabled(),
    );
    expect(screen.getByRole('button', { name: 'Pause' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Promote now' })).toBeDisabled();
    expect(posts).toEqual([]);
  });

  it('shows the last finished rollout when none is active, with the figures that rolled it back', async () => {
    backend({ recent: [rolledBack] });
    await renderCard();

    const last = await screen.findByTestId('rollout-last');
    expect(within(last).getByTestId('rollout-status')).toHaveTextContent(
      'Rolled back',
    );
    expect(within(last).getByTestId('rollout-message')).toHaveTextContent(
      'after 2 failed checks: success rate 92% < 99%; rolled back to v1',
    );
    expect(screen.getByRole('button', { name: 'Start rollout' })).toBeEnabled();
  });

  it('checks the plan before it is sent, then starts the rollout with it', async () => {
    const posts = backend({ recent: [] });
    await renderCard();

    await userEvent.click(
      await screen.findByRole('button', { name: 'Start rollout' }),
    );
    const dialog = await screen.findByRole('dialog');
    const steps = within(dialog).getByTestId('rollout-steps');
    await userEvent.clear(steps);
    await userEvent.type(steps, '50, 20');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Start rollout' }),
    );

    expect(
      await within(dialog).findByTestId('rollout-start-problems'),
    ).toHaveTextContent(
      'plan.steps: steps must increase; plan.steps: the last step must be 100',
    );
    expect(posts).toEqual([]);

    await userEvent.clear(steps);
    await userEvent.type(steps, '20, 100');
    const interval = within(dialog).getByTestId('rollout-interval');
    await userEvent.clear(interval);
    await userEvent.type(interval, '30');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Start rollout' }),
    );

    await screen.findByTestId('rollout-active');
    expect(posts).toEqual([
      {
        path: 'start',
        body: {
          entityRef: 'component:default/driver',
          canarySubset: 'v2',
          plan: { steps: [20, 100], intervalSeconds: 30, maxFailedChecks: 2 },
        },
      },
    ]);
  });
});
