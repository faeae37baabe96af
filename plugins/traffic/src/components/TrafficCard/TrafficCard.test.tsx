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
import { opsResiliencePolicyUpdatePermission } from '@internal/plugin-ops-common';
import { OpsRefreshProvider, useOpsRefresh } from '@internal/plugin-ops-react';
import {
  TrafficConflict,
  TrafficNotConfigured,
  TrafficPreview,
  TrafficSaveRequest,
  TrafficSaveResponse,
  TrafficState,
} from '@internal/plugin-traffic-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  canaryAnalysis,
  driverEntity,
  driverState,
  METRICS_BACKEND,
  noReadyV2State,
  observedSplit,
  otherSaveState,
  TRAFFIC_BACKEND,
} from '../../__testUtils__/fixtures';
import { TrafficClient, trafficApiRef } from '../../api';
import { TrafficCard } from './TrafficCard';

// The editor tests type into many fields with user-event; on a loaded 2-core CI machine they take
// several seconds each. They wait on behaviour, never on time.
jest.setTimeout(30_000);

const server = setupServer();
registerMswTestHooks(server);

function backendError(name: string, message: string, status: number) {
  return HttpResponse.json(
    {
      error: { name, message },
      request: { method: 'PUT', url: '/api/traffic/policy' },
      response: { statusCode: status },
    },
    { status },
  );
}

/** Answers GET /state with the given states in turn (the last one repeats), counting calls. */
function stateAnswers(...states: TrafficState[]) {
  const calls = { count: 0 };
  server.use(
    http.get(`${TRAFFIC_BACKEND}/state`, () => {
      const state = states[Math.min(calls.count, states.length - 1)];
      calls.count += 1;
      return HttpResponse.json(state);
    }),
    http.get(`${TRAFFIC_BACKEND}/rollouts`, () =>
      HttpResponse.json({ recent: [] }),
    ),
  );
  return calls;
}

function observedAnswers(analysis: object = canaryAnalysis) {
  server.use(
    http.get(`${METRICS_BACKEND}/observed-split`, () =>
      HttpResponse.json(observedSplit),
    ),
    http.get(`${METRICS_BACKEND}/canary-analysis`, () =>
      HttpResponse.json(analysis),
    ),
  );
}

async function renderCard(
  options: {
    entity?: Entity;
    authorize?: NonNullable<
      Parameters<typeof mockApis.permission>[0]
    >['authorize'];
    pollIntervalMs?: number;
  } = {},
) {
  const discoveryApi = mockApis.discovery();
  const fetchApi = mockApis.fetch();
  return renderInTestApp(
    <EntityProvider entity={options.entity ?? driverEntity}>
      <TrafficCard pollIntervalMs={options.pollIntervalMs ?? 60_000} />
    </EntityProvider>,
    {
      apis: [
        [trafficApiRef, new TrafficClient({ discoveryApi, fetchApi })],
        [metricsApiRef, new MetricsClient({ discoveryApi, fetchApi })],
        [
          permissionApiRef,
          mockApis.permission({ authorize: options.authorize }),
        ],
      ] as const,
    },
  );
}

async function openEditor() {
  await userEvent.click(
    await screen.findByRole('button', { name: 'Edit traffic' }),
  );
  return screen.findByRole('dialog');
}

async function setWeight(subset: string, value: string) {
  const input = screen.getByLabelText(`Weight for ${subset}`);
  await userEvent.clear(input);
  await userEvent.type(input, value);
}

// usePermission caches answers per permission and entity across renders (SWR): each test that
// denies uses an entity of its own, so no other test's answer is reused.
function entityNamed(name: string): Entity {
  return { ...driverEntity, metadata: { ...driverEntity.metadata, name } };
}

const saveButton = () => screen.getByRole('button', { name: 'Save' });
const previewButton = () => screen.getByRole('button', { name: 'Preview' });

describe('TrafficCard', () => {
  it('shows live weights, observed share, pods, sync status, management and resilience', async () => {
    stateAnswers(driverState);
    observedAnswers();
    await renderCard();

    const v1 = await screen.findByTestId('traffic-subset-v1');
    expect(within(v1).getByTestId('traffic-live-weight-v1')).toHaveTextContent(
      '90%',
    );
    expect(
      within(screen.getByTestId('traffic-subset-v2')).getByTestId(
        'traffic-live-weight-v2',
      ),
    ).toHaveTextContent('10%');
    expect(await screen.findByText('89.3% (8.93 req/s)')).toBeInTheDocument();
    expect(screen.getByTestId('traffic-observed-v2')).toHaveTextContent(
      '10.7% (1.07 req/s)',
    );
    expect(screen.getByTestId('traffic-ready-pods-v1')).toHaveTextContent(
      '2/2',
    );
    expect(screen.getByTestId('traffic-sync-status')).toHaveTextContent(
      'Synced',
    );
    // Live equals desired: no desired column.
    expect(screen.queryByText('Desired (Git)')).not.toBeInTheDocument();
    expect(
      screen.getByText(
        'Managed in Git: services/driver/istio.yaml (http://git.example.com/gitops.git, branch main) via Argo CD app driver',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Retries: 3 attempts, 2s per try, on 5xx'),
    ).toBeInTheDocument();
    expect(screen.getByText('Request timeout: 10s')).toBeInTheDocument();
    expect(screen.getByTestId('traffic-card')).toBeInTheDocument();
  });

  it('reads the observed split and the verdicts beside the state, once each, not after it', async () => {
    // The state answers only once both other reads have arrived: read one after the other, the
    // card would never show the state.
    const calls = { observed: 0, canary: 0 };
    let bothArrived: () => void = () => {};
    const arrived = new Promise<void>(resolve => {
      bothArrived = resolve;
    });
    const counted = (key: 'observed' | 'canary', body: object) => () => {
      calls[key] += 1;
      if (calls.observed > 0 && calls.canary > 0) bothArrived();
      return HttpResponse.json(body);
    };
    server.use(
      http.get(`${TRAFFIC_BACKEND}/state`, async () => {
        await arrived;
        return HttpResponse.json(driverState);
      }),
      http.get(`${TRAFFIC_BACKEND}/rollouts`, () =>
        HttpResponse.json({ recent: [] }),
      ),
      http.get(
        `${METRICS_BACKEND}/observed-split`,
        counted('observed', observedSplit),
      ),
      http.get(
        `${METRICS_BACKEND}/canary-analysis`,
        counted('canary', canaryAnalysis),
      ),
    );
    await renderCard();

    expect(await screen.findByText('89.3% (8.93 req/s)')).toBeInTheDocument();
    expect(screen.getByTestId('traffic-live-weight-v1')).toHaveTextContent(
      '90%',
    );
    expect(calls).toEqual({ observed: 1, canary: 1 });
  });

  it('shows the desired weight while pending and polls until synced, then stops', async () => {
    const pending: TrafficState = {
      ...otherSaveState,
      sync: 'pending',
    };
    const synced: TrafficState = {
      ...otherSaveState,
      live: otherSaveState.desired,
      sync: 'synced',
      version: 'v-3',
    };
    const calls = stateAnswers(pending, pending, synced);
    observedAnswers();
    await renderCard({ pollIntervalMs: 20 });

    expect(await screen.findByTestId('traffic-sync-status')).toHaveTextContent(
      'Pending sync',
    );
    expect(screen.getByText('Desired (Git)')).toBeInTheDocument();
    expect(screen.getByTestId('traffic-desired-weight-v2')).toHaveTextContent(
      '50%',
    );
    expect(screen.getByTestId('traffic-live-weight-v2')).toHaveTextContent(
      '10%',
    );

    await waitFor(() =>
      expect(screen.getByTestId('traffic-sync-status')).toHaveTextContent(
        'Synced',
      ),
    );
    expect(screen.getByTestId('traffic-live-weight-v2')).toHaveTextContent(
      '50%',
    );
    expect(calls.count).toBe(3);
    await new Promise(resolve => setTimeout(resolve, 150));
    expect(calls.count).toBe(3);
  });

  it('reads the state again when the Ops tab asks for a refresh', async () => {
    const calls = stateAnswers(driverState, otherSaveState);
    observedAnswers();
    function RefreshButton() {
      const { requestRefresh } = useOpsRefresh();
      return <button onClick={requestRefresh}>Operation ended</button>;
    }
    const discoveryApi = mockApis.discovery();
    const fetchApi = mockApis.fetch();
    await renderInTestApp(
      <OpsRefreshProvider>
        <RefreshButton />
        <EntityProvider entity={driverEntity}>
          <TrafficCard pollIntervalMs={60_000} />
        </EntityProvider>
      </OpsRefreshProvider>,
      {
        apis: [
          [trafficApiRef, new TrafficClient({ discoveryApi, fetchApi })],
          [metricsApiRef, new MetricsClient({ discoveryApi, fetchApi })],
          [permissionApiRef, mockApis.permission()],
        ] as const,
      },
    );
    expect(await screen.findByTestId('traffic-sync-status')).toHaveTextContent(
      'Synced',
    );
    expect(calls.count).toBe(1);

    await userEvent.click(
      screen.getByRole('button', { name: 'Operation ended' }),
    );

    await waitFor(() =>
      expect(screen.getByTestId('traffic-sync-status')).toHaveTextContent(
        'Pending sync',
      ),
    );
    expect(calls.count).toBe(2);
  });

  it('disables Save with a message unless the weights sum to 100', async () => {
    stateAnswers(driverState);
    observedAnswers();
    await renderCard();
    await openEditor();

    await setWeight('v1', '80');
    expect(screen.getByTestId('traffic-weight-sum')).toHaveTextContent(
      'Sum: 90%',
    );
    expect(
      screen.getByText(
        'The weights sum to 90%; they must sum to exactly 100% to save.',
      ),
    ).toBeInTheDocument();
    expect(saveButton()).toBeDisabled();
    expect(previewButton()).toBeDisabled();

    await setWeight('v2', '20');
    expect(screen.getByTestId('traffic-weight-sum')).toHaveTextContent(
      'Sum: 100%',
    );
    expect(saveButton()).toBeEnabled();
    expect(
      screen.queryByTestId('traffic-save-blockers'),
    ).not.toBeInTheDocument();
  });

  it('applies the presets', async () => {
    stateAnswers(driverState);
    observedAnswers();
    await renderCard();
    await openEditor();

    expect(saveButton()).toBeDisabled();
    expect(
      screen.getByText('Nothing to save: this is the current policy.'),
    ).toBeInTheDocument();

    await userEvent.click(
      screen.getByRole('button', { name: '50/50 (v1/v2)' }),
    );
    expect(screen.getByLabelText('Weight for v1')).toHaveValue(50);
    expect(screen.getByLabelText('Weight for v2')).toHaveValue(50);
    expect(saveButton()).toBeEnabled();

    await userEvent.click(
      screen.getByRole('button', { name: 'Promote v2 to 100/0' }),
    );
    expect(screen.getByLabelText('Weight for v1')).toHaveValue(0);
    expect(screen.getByLabelText('Weight for v2')).toHaveValue(100);

    await userEvent.click(
      screen.getByRole('button', { name: 'Roll back to v1' }),
    );
    expect(screen.getByLabelText('Weight for v1')).toHaveValue(100);
    expect(screen.getByLabelText('Weight for v2')).toHaveValue(0);
  });

  it('requires force to move weight to a subset without ready pods, and sends it', async () => {
    stateAnswers(noReadyV2State);
    observedAnswers();
    let body: TrafficSaveRequest | undefined;
    server.use(
      http.put(`${TRAFFIC_BACKEND}/policy`, async ({ request }) => {
        body = (await request.json()) as TrafficSaveRequest;
        return HttpResponse.json<TrafficSaveResponse>({
          outcome: 'committed',
          mode: 'git',
          commit: '0123456789abcdef',
          branch: 'main',
          state: { ...otherSaveState, version: 'v-9' },
          warnings: [],
        });
      }),
    );
    await renderCard();
    await openEditor();

    await userEvent.click(
      screen.getByRole('button', { name: '50/50 (v1/v2)' }),
    );
    expect(screen.getByTestId('traffic-no-ready-pods')).toHaveTextContent(
      'subset v2 has no ready pods',
    );
    expect(saveButton()).toBeDisabled();
    expect(
      screen.getByText(
        'Tick "Force" to send more traffic to v2, which has no ready pods.',
      ),
    ).toBeInTheDocument();

    await userEvent.click(
      screen.getByRole('checkbox', {
        name: 'Force (recorded in the audit log)',
      }),
    );
    expect(saveButton()).toBeEnabled();
    await userEvent.click(saveButton());

    expect(await screen.findByTestId('traffic-save-result')).toHaveTextContent(
      'Saved: commit 0123456 on main; Argo CD app driver applies it.',
    );
    expect(body).toEqual({
      entityRef: 'component:default/driver',
      baseVersion: 'v-1',
      force: true,
      policy: {
        weights: [
          { subset: 'v1', weight: 50 },
          { subset: 'v2', weight: 50 },
        ],
        resilience: driverState.desired.resilience,
      },
    });
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(screen.getByTestId('traffic-sync-status')).toHaveTextContent(
      'Pending sync',
    );
  });

  it('disables editing with the reason when the user may not change traffic', async () => {
    stateAnswers(driverState);
    observedAnswers();
    await renderCard({
      entity: entityNamed('payments'),
      authorize: AuthorizeResult.DENY,
    });

    await screen.findByTestId('traffic-subset-v1');
    await waitFor(() =>
      expect(
        screen.getByRole('button', { name: 'Edit traffic' }),
      ).toBeDisabled(),
    );
    expect(screen.getByTestId('traffic-permission-denied')).toHaveTextContent(
      'Only the owners of payments or platform admins can change traffic',
    );
  });

  it('disables only the resilience section when only that is denied', async () => {
    stateAnswers(driverState);
    observedAnswers();
    await renderCard({
      entity: entityNamed('billing'),
      authorize: request =>
        request.permission.name === opsResiliencePolicyUpdatePermission.name
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW,
    });
    await openEditor();

    expect(screen.getByTestId('traffic-resilience-denied')).toHaveTextContent(
      'Only the owners of billing or platform admins can change the resilience policy',
    );
    expect(screen.getByLabelText('Enable Retries')).toBeDisabled();
    expect(screen.getByLabelText('Retry attempts')).toBeDisabled();
    expect(screen.getByLabelText('Weight for v1')).toBeEnabled();
  });

  it('shows schema messages next to resilience fields and blocks Save', async () => {
    stateAnswers(driverState);
    observedAnswers();
    await renderCard();
    await openEditor();

    await userEvent.click(
      screen.getByLabelText('Enable Fault injection: delay'),
    );
    const delay = screen.getByLabelText('Fixed delay');
    await userEvent.clear(delay);
    await userEvent.type(delay, '5 seconds');
    expect(
      screen.getByText(
        'fault delay must be an Istio duration such as 100ms, 1.5s, 2m or 1h',
      ),
    ).toBeInTheDocument();
    expect(saveButton()).toBeDisabled();
    expect(
      screen.getByText('Fix the resilience setting marked in red.'),
    ).toBeInTheDocument();

    await userEvent.clear(delay);
    await userEvent.type(delay, '2s');
    expect(saveButton()).toBeEnabled();
  });

  it('on a conflict discards the edit visibly and shows the current state', async () => {
    stateAnswers(driverState);
    observedAnswers();
    server.use(
      http.put(`${TRAFFIC_BACKEND}/policy`, () =>
        HttpResponse.json<TrafficConflict>(
          {
            error: {
              name: 'ConflictError',
              message: 'the traffic policy changed since version v-1',
            },
            current: otherSaveState,
          },
          { status: 409 },
        ),
      ),
    );
    await renderCard();
    await openEditor();
    await setWeight('v1', '70');
    await setWeight('v2', '30');
    await userEvent.click(saveButton());

    expect(await screen.findByTestId('traffic-save-result')).toHaveTextContent(
      'Someone else changed the traffic policy',
    );
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(screen.getByTestId('traffic-sync-status')).toHaveTextContent(
      'Pending sync',
    );
    expect(screen.getByTestId('traffic-desired-weight-v1')).toHaveTextContent(
      '50%',
    );

    // A new edit starts from the state that won.
    await openEditor();
    expect(screen.getByLabelText('Weight for v1')).toHaveValue(50);
  });

  it('previews the change as a unified diff per file', async () => {
    stateAnswers(driverState);
    observedAnswers();
    let previewed: TrafficSaveRequest | undefined;
    const before = [
      'spec:',
      '  http:',
      '    - route:',
      '        - destination: {host: driver, subset: v1}',
      '          weight: 90',
      '        - destination: {host: driver, subset: v2}',
      '          weight: 10',
      '',
    ].join('\n');
    server.use(
      http.post(`${TRAFFIC_BACKEND}/preview`, async ({ request }) => {
        previewed = (await request.json()) as TrafficSaveRequest;
        return HttpResponse.json<TrafficPreview>({
          mode: 'git',
          change: { weights: true, resilience: false },
          files: [
            {
              path: 'services/driver/istio.yaml',
              before,
              after: before
                .replace('weight: 90', 'weight: 50')
                .replace('weight: 10', 'weight: 50'),
            },
          ],
        });
      }),
    );
    await renderCard();
    await openEditor();
    await userEvent.click(
      screen.getByRole('button', { name: '50/50 (v1/v2)' }),
    );
    await userEvent.click(previewButton());

    const file = await screen.findByTestId('traffic-preview-file');
    expect(file).toHaveAttribute('data-path', 'services/driver/istio.yaml');
    const lines = Array.from(file.querySelectorAll('pre > span')).map(
      span => span.textContent,
    );
    expect(lines).toEqual([
      '--- a/services/driver/istio.yaml',
      '+++ b/services/driver/istio.yaml',
      '@@ -2,6 +2,6 @@',
      '   http:',
      '     - route:',
      '         - destination: {host: driver, subset: v1}',
      '-          weight: 90',
      '+          weight: 50',
      '         - destination: {host: driver, subset: v2}',
      '-          weight: 10',
      '+          weight: 50',
    ]);
    expect(screen.getByText(/Changes: weights\./)).toBeInTheDocument();
    expect(previewed?.policy.weights).toEqual([
      { subset: 'v1', weight: 50 },
      { subset: 'v2', weight: 50 },
    ]);

    // Editing again makes the preview stale: it disappears.
    await setWeight('v1', '60');
    expect(screen.queryByTestId('traffic-preview')).not.toBeInTheDocument();
  });

  it.each([
    [
      400,
      'InputError',
      'policy.weights: weights must sum to 100 (they sum to 90)',
      'The change was refused: policy.weights',
    ],
    [
      403,
      'NotAllowedError',
      'only the owners of component:default/driver may change traffic',
      'Not allowed: only the owners',
    ],
    [
      503,
      'ServiceUnavailableError',
      'git server at http://git.example.com did not answer within 10000 ms',
      'git server at http://git.example.com did not answer',
    ],
  ])(
    'keeps the edit and shows the server message on a %s',
    async (status, name, message, shown) => {
      stateAnswers(driverState);
      observedAnswers();
      server.use(
        http.put(`${TRAFFIC_BACKEND}/policy`, () =>
          backendError(name, message, status),
        ),
      );
      await renderCard();
      await openEditor();
      await userEvent.click(
        screen.getByRole('button', { name: '50/50 (v1/v2)' }),
      );
      await userEvent.click(saveButton());

      expect(await screen.findByTestId('traffic-save-error')).toHaveTextContent(
        shown,
      );
      expect(screen.getByRole('dialog')).toBeInTheDocument();
      expect(screen.getByLabelText('Weight for v1')).toHaveValue(50);
    },
  );

  it('degrades only the observed column and the verdicts when Prometheus is down', async () => {
    stateAnswers(driverState);
    const down =
      "Prometheus 'sandbox' is unreachable (ECONNREFUSED) for instant query";
    server.use(
      ...['canary-analysis', 'observed-split'].map(path =>
        http.get(`${METRICS_BACKEND}/${path}`, () =>
          backendError('ServiceUnavailableError', down, 503),
        ),
      ),
    );
    await renderCard();

    expect(
      await screen.findByTestId('traffic-observed-error'),
    ).toHaveTextContent(
      "Observed split unavailable: Prometheus 'sandbox' is unreachable (ECONNREFUSED) for instant query",
    );
    expect(screen.getByTestId('traffic-observed-v1')).toHaveTextContent(
      'unavailable',
    );
    expect(await screen.findByTestId('traffic-canary-error')).toHaveTextContent(
      "Canary analysis unavailable: Prometheus 'sandbox' is unreachable (ECONNREFUSED) for instant query",
    );
    expect(screen.getByTestId('traffic-live-weight-v1')).toHaveTextContent(
      '90%',
    );
    expect(screen.getByTestId('traffic-sync-status')).toHaveTextContent(
      'Synced',
    );
    expect(
      screen.getByRole('button', { name: 'Edit traffic' }),
    ).toBeInTheDocument();
  });

  it('shows the canary verdict per subset with the figures and thresholds it was judged on', async () => {
    stateAnswers(driverState);
    observedAnswers();
    await renderCard();

    const v2 = await screen.findByTestId('traffic-canary-v2');
    expect(within(v2).getByText('failed')).toBeInTheDocument();
    expect(v2).toHaveTextContent('92.2%');
    expect(v2).toHaveTextContent('910 ms');
    expect(v2).toHaveTextContent('64');
    expect(
      within(screen.getByTestId('traffic-canary-v1')).getByText('passed'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Canary analysis (last 1 min)'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'Passes with success ≥ 99%, p99 ≤ 500 ms and at least 20 requests in the interval (portal defaults); fewer requests is inconclusive.',
      ),
    ).toBeInTheDocument();
  });

  it('shows no verdicts while only one subset takes traffic', async () => {
    stateAnswers({
      ...driverState,
      live: {
        ...driverState.live,
        weights: [
          { subset: 'v1', weight: 100 },
          { subset: 'v2', weight: 0 },
        ],
      },
    });
    observedAnswers();
    let analysed = 0;
    server.use(
      http.get(`${METRICS_BACKEND}/canary-analysis`, () => {
        analysed += 1;
        return HttpResponse.json({
          ...canaryAnalysis,
          versions: [canaryAnalysis.versions[0]],
        });
      }),
    );
    await renderCard();

    expect(await screen.findByText('89.3% (8.93 req/s)')).toBeInTheDocument();
    await waitFor(() => expect(analysed).toBe(1));
    expect(screen.queryByTestId('traffic-canary')).not.toBeInTheDocument();
    expect(
      screen.queryByTestId('traffic-canary-error'),
    ).not.toBeInTheDocument();
  });

  it('says what is wrong with a malformed thresholds annotation', async () => {
    stateAnswers(driverState);
    observedAnswers({
      missingAnnotation: 'ops-portal/canary-thresholds',
      message:
        'The annotation ops-portal/canary-thresholds is invalid: unknown key "x".',
    });
    await renderCard();

    expect(await screen.findByTestId('traffic-canary-error')).toHaveTextContent(
      'The annotation ops-portal/canary-thresholds is invalid: unknown key "x".',
    );
    expect(screen.getByTestId('traffic-live-weight-v1')).toHaveTextContent(
      '90%',
    );
  });

  it('names the annotations and the default when the Istio objects are missing', async () => {
    server.use(
      http.get(`${TRAFFIC_BACKEND}/state`, () =>
        HttpResponse.json<TrafficNotConfigured>({
          notConfigured: {
            reason: 'object-not-found',
            annotation: 'ops-portal/istio-destinationrule',
            message:
              'No DestinationRule driver in namespace driver; name it with the ops-portal/istio-destinationrule annotation (default: the kubernetes-id)',
          },
        }),
      ),
    );
    observedAnswers();
    await renderCard();

    expect(
      await screen.findByTestId('traffic-not-configured'),
    ).toHaveTextContent('No DestinationRule driver in namespace driver');
    expect(
      screen.getByText('ops-portal/istio-virtualservice', { selector: 'code' }),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText('ops-portal/istio-destinationrule', {
        selector: 'code',
      }),
    ).toHaveLength(2);
    expect(
      screen.getByText('driver', { selector: 'code' }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Edit traffic' }),
    ).not.toBeInTheDocument();
  });

  it('shows an answer of another shape as an error, not as "not configured"', async () => {
    server.use(
      http.get(`${TRAFFIC_BACKEND}/state`, () =>
        HttpResponse.json({ status: 'not-configured', message: 'guess me' }),
      ),
    );
    observedAnswers();
    await renderCard();

    expect(
      await screen.findByText(/Traffic state could not be loaded/),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText(
        /The traffic backend answered GET \/state with an unexpected body/,
      ).length,
    ).toBeGreaterThan(0);
    expect(
      screen.queryByTestId('traffic-not-configured'),
    ).not.toBeInTheDocument();
  });

  it('shows the warnings of a save whose later steps failed', async () => {
    stateAnswers(driverState);
    observedAnswers();
    server.use(
      http.put(`${TRAFFIC_BACKEND}/policy`, () =>
        HttpResponse.json<TrafficSaveResponse>({
          outcome: 'committed',
          mode: 'git',
          commit: 'fedcba9876543210',
          branch: 'main',
          state: otherSaveState,
          warnings: [
            'Argo CD at http://argocd.example.com did not accept the sync request: 502',
          ],
        }),
      ),
    );
    await renderCard();
    await openEditor();
    await userEvent.click(
      screen.getByRole('button', { name: '50/50 (v1/v2)' }),
    );
    await userEvent.click(saveButton());

    const result = await screen.findByTestId('traffic-save-result');
    expect(result).toHaveTextContent('Saved: commit fedcba9 on main');
    expect(result).toHaveTextContent(
      'Argo CD at http://argocd.example.com did not accept the sync request: 502',
    );
  });

  it('asks for the kubernetes-id annotation without calling the backend', async () => {
    const calls = stateAnswers(driverState);
    await renderCard({
      entity: { ...driverEntity, metadata: { name: 'docs' } },
    });
    expect(
      await screen.findByText('backstage.io/kubernetes-id', {
        selector: 'code',
      }),
    ).toBeInTheDocument();
    expect(calls.count).toBe(0);
  });
});
