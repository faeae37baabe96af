import { Entity } from '@backstage/catalog-model';
import {
  mockApis,
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { MetricsClient, metricsApiRef } from '@internal/plugin-metrics-react';
import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  annotatedEntity,
  BACKEND,
  bareEntity,
  opsTestApis,
} from '../../__testUtils__/fixtures';
import { driverHpa } from './hpaFixtures';
import { HpaCard } from './HpaCard';

// jsdom has no ResizeObserver; the history chart's container needs one to mount.
globalThis.ResizeObserver ??= class {
  observe() {}
  unobserve() {}
  disconnect() {}
} as any;

const server = setupServer();

const clusters = http.get(`${BACKEND}/kubernetes/clusters`, () =>
  HttpResponse.json({
    items: [{ name: 'sandbox', authProvider: 'serviceAccount' }],
  }),
);

function kubernetesAnswers(items: object[]) {
  return http.post(`${BACKEND}/kubernetes/services/driver`, () =>
    HttpResponse.json({ items }),
  );
}

const hpaInCluster = {
  cluster: { name: 'sandbox' },
  errors: [],
  podMetrics: [],
  resources: [{ type: 'horizontalpodautoscalers', resources: [driverHpa] }],
};

const END = 1795348800;
function points(values: number[]) {
  return values.map((value, i) => [END - (values.length - 1 - i) * 60, value]);
}

function historyAnswers(body: object, status = 200) {
  return http.get(`${BACKEND}/metrics/hpa-history`, () =>
    HttpResponse.json(body, { status }),
  );
}

const history = {
  window: { start: END - 3600, end: END, stepSeconds: 60 },
  available: true,
  series: [
    { key: 'current', points: points([2, 3, 3]) },
    { key: 'desired', points: points([3, 3, 4]) },
    { key: 'min', points: points([2, 2, 2]) },
    { key: 'max', points: points([10, 10, 10]) },
  ],
};

function renderCard(entity: Entity = annotatedEntity) {
  const metricsClient = new MetricsClient({
    discoveryApi: mockApis.discovery(),
    fetchApi: mockApis.fetch(),
  });
  return renderInTestApp(
    <EntityProvider entity={entity}>
      <HpaCard />
    </EntityProvider>,
    { apis: [...opsTestApis(), [metricsApiRef, metricsClient]] as any },
  );
}

function countOf(label: string) {
  return within(
    screen.getByRole('group', { name: `${label} replicas` }),
  ).getByText(/^\d+$/).textContent;
}

describe('HpaCard', () => {
  registerMswTestHooks(server);

  it('shows replicas, every metric target with its current value, and the replica history', async () => {
    server.use(
      clusters,
      kubernetesAnswers([hpaInCluster]),
      historyAnswers(history),
    );
    await renderCard();

    const table = await screen.findByRole('table', {
      name: 'Metrics of driver',
    });
    expect(countOf('Min')).toBe('2');
    expect(countOf('Max')).toBe('10');
    expect(countOf('Current')).toBe('3');
    expect(countOf('Desired')).toBe('4');

    const rows = within(table)
      .getAllByRole('row')
      .slice(1)
      .map(row =>
        within(row)
          .getAllByRole('cell')
          .map(cell => cell.textContent),
      );
    expect(rows).toEqual([
      ['cpu', 'Resource', 'average over pods', '70% of request', '85% (425m)'],
      ['memory', 'Resource', 'average over pods', '512Mi (average)', '300Mi'],
      [
        'http_requests_per_second',
        'Pods',
        'average per pod',
        '100 (average)',
        '120',
      ],
    ]);

    const legend = await screen.findByRole('list', {
      name: 'Replicas, last 1h legend',
    });
    expect(
      within(legend)
        .getAllByRole('listitem')
        .map(item => item.textContent),
    ).toEqual(['current', 'desired', 'min', 'max']);
  });

  it('says when kube-state-metrics has no series for the HPA', async () => {
    server.use(
      clusters,
      kubernetesAnswers([hpaInCluster]),
      historyAnswers({ ...history, available: false, series: [] }),
    );
    await renderCard();

    expect(
      await screen.findByText(/kube-state-metrics has no replica series/),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('table', { name: 'Metrics of driver' }),
    ).toBeInTheDocument();
  });

  it('keeps the HPA details when Prometheus is down', async () => {
    server.use(
      clusters,
      kubernetesAnswers([hpaInCluster]),
      historyAnswers(
        {
          error: {
            name: 'ServiceUnavailableError',
            message:
              "Prometheus 'sandbox' is unreachable (ECONNREFUSED) for range query",
          },
          request: { method: 'GET', url: '/api/metrics/hpa-history' },
          response: { statusCode: 503 },
        },
        503,
      ),
    );
    await renderCard();

    expect(
      await screen.findByText(
        /Prometheus: the replica history could not be read/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText(/Prometheus 'sandbox' is unreachable/).length,
    ).toBeGreaterThan(0);
    expect(
      screen.getByRole('table', { name: 'Metrics of driver' }),
    ).toBeInTheDocument();
  });

  it('keeps the replica history when the Kubernetes backend fails', async () => {
    server.use(
      clusters,
      http.post(`${BACKEND}/kubernetes/services/driver`, () =>
        HttpResponse.json(
          { error: { name: 'Error', message: 'cluster sandbox timed out' } },
          { status: 500 },
        ),
      ),
      historyAnswers(history),
    );
    await renderCard();

    expect(
      await screen.findByText(
        /Kubernetes: the HorizontalPodAutoscaler could not be read/,
      ),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('list', { name: 'Replicas, last 1h legend' }),
    ).toBeInTheDocument();
  });

  it('names the cluster whose HPA list failed', async () => {
    server.use(
      clusters,
      kubernetesAnswers([
        {
          cluster: { name: 'sandbox' },
          errors: [
            {
              errorType: 'UNAUTHORIZED_ERROR',
              statusCode: 403,
              resourcePath:
                '/apis/autoscaling/v2/namespaces/drivers/horizontalpodautoscalers',
            },
          ],
          podMetrics: [],
          resources: [],
        },
      ]),
      historyAnswers({ ...history, available: false, series: [] }),
    );
    await renderCard();

    expect(
      await screen.findByText(
        /cluster sandbox: UNAUTHORIZED_ERROR \(HTTP 403\) on \/apis\/autoscaling\/v2/,
      ),
    ).toBeInTheDocument();
  });

  it('says when the service has no HPA', async () => {
    server.use(
      clusters,
      kubernetesAnswers([]),
      historyAnswers({ ...history, available: false, series: [] }),
    );
    await renderCard();

    expect(
      await screen.findByText(/No HorizontalPodAutoscaler labelled/),
    ).toBeInTheDocument();
  });

  it('names the annotation to add', async () => {
    await renderCard(bareEntity);
    expect(
      await screen.findByText('backstage.io/kubernetes-id', {
        selector: 'code',
      }),
    ).toBeInTheDocument();
  });
});
