import { Entity } from '@backstage/catalog-model';
import {
  mockApis,
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  OpsTimeRangePicker,
  OpsTimeRangeProvider,
} from '@internal/plugin-ops-react';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { MetricsClient, metricsApiRef } from '@internal/plugin-metrics-react';
import {
  annotatedEntity,
  bareEntity,
  goldenSignals,
  istioGroup,
  KONG_ROUTES,
  kongGroup,
  METRICS_BACKEND,
} from '../../__testUtils__/fixtures';
import { GoldenSignalsCard } from './GoldenSignalsCard';

const server = setupServer();

function renderCard(entity: Entity = annotatedEntity) {
  const metricsClient = new MetricsClient({
    discoveryApi: mockApis.discovery(),
    fetchApi: mockApis.fetch(),
  });
  return renderInTestApp(
    <EntityProvider entity={entity}>
      <OpsTimeRangeProvider>
        <OpsTimeRangePicker />
        <GoldenSignalsCard />
      </OpsTimeRangeProvider>
    </EntityProvider>,
    { apis: [[metricsApiRef, metricsClient]] },
  );
}

/** Answers golden-signals with `body` and records each request's query. */
function answerGoldenSignals(body: object, status = 200) {
  const queries: URLSearchParams[] = [];
  server.use(
    http.get(`${METRICS_BACKEND}/deploy-markers`, () =>
      HttpResponse.json({ markers: [], problems: [] }),
    ),
    http.get(`${METRICS_BACKEND}/golden-signals`, ({ request }) => {
      queries.push(new URL(request.url).searchParams);
      return HttpResponse.json(body, { status });
    }),
  );
  return queries;
}

describe('GoldenSignalsCard', () => {
  registerMswTestHooks(server);

  it('charts each group with a legend per route and version and links to Prometheus and Grafana', async () => {
    const queries = answerGoldenSignals(goldenSignals());
    await renderCard();

    const kong = await screen.findByRole('region', { name: 'Kong routes' });
    const requests = within(kong).getByRole('region', { name: 'Requests' });
    expect(
      within(requests)
        .getAllByRole('listitem')
        .map(item => item.textContent),
    ).toEqual(KONG_ROUTES);
    expect(
      within(requests).getByRole('link', { name: /^Requests in Prometheus/ }),
    ).toHaveAttribute('href', kongGroup.panels[0].graphUrl);
    expect(
      within(kong).getByRole('region', { name: 'Kong latency p95' }),
    ).toBeInTheDocument();

    const istio = screen.getByRole('region', { name: 'Istio versions' });
    const latency = within(istio).getByRole('region', { name: 'Latency p95' });
    expect(within(latency).getByText('v1')).toBeInTheDocument();
    expect(within(latency).getByText('v2')).toBeInTheDocument();
    expect(
      within(latency).getByRole('link', { name: /^Latency p95 in Prometheus/ }),
    ).toHaveAttribute('href', istioGroup.panels[1].graphUrl);

    expect(screen.getByText('Open in Grafana').closest('a')).toHaveAttribute(
      'href',
      'http://grafana.example.com/d/golden',
    );
    expect(queries).toHaveLength(1);
    expect(queries[0].get('entityRef')).toBe('component:default/driver');
    expect(queries[0].get('range')).toBe('1h');
    expect(queries[0].get('end')).toMatch(/^\d+$/);
  });

  it('shows the backend message naming Prometheus when it is down', async () => {
    answerGoldenSignals(
      {
        error: {
          name: 'ServiceUnavailableError',
          message:
            "Prometheus 'sandbox' is unreachable (ECONNREFUSED) for range query",
        },
        request: { method: 'GET', url: '/api/metrics/golden-signals' },
        response: { statusCode: 503 },
      },
      503,
    );
    await renderCard();

    expect(
      (
        await screen.findAllByText(
          /Prometheus 'sandbox' is unreachable \(ECONNREFUSED\) for range query/,
        )
      ).length,
    ).toBeGreaterThan(0);
    // The panel's headline itself names the system, not the generic HTTP status.
    expect(
      screen.queryByText(/Request failed with 503/),
    ).not.toBeInTheDocument();
    expect(screen.getByText('Golden signals')).toBeInTheDocument();
  });

  it('keeps the other group when one fails', async () => {
    answerGoldenSignals(
      goldenSignals([
        {
          ...kongGroup,
          status: 'error',
          error: 'Prometheus query timed out after 10s',
          panels: [],
        },
        istioGroup,
      ]),
    );
    await renderCard();

    const kong = await screen.findByRole('region', { name: 'Kong routes' });
    expect(
      within(kong).getByText('Prometheus query timed out after 10s'),
    ).toBeInTheDocument();
    const istio = screen.getByRole('region', { name: 'Istio versions' });
    expect(
      within(istio).getByRole('region', { name: 'Requests' }),
    ).toBeInTheDocument();
  });

  it('says when a source has no data in the window', async () => {
    answerGoldenSignals(
      goldenSignals(
        [
          {
            ...kongGroup,
            panels: kongGroup.panels.map(p => ({ ...p, series: [] })),
          },
          istioGroup,
        ],
        null,
      ),
    );
    await renderCard();

    expect(
      await screen.findByText(/No Kong metrics for this service in the window/),
    ).toBeInTheDocument();
    expect(screen.queryByText('Open in Grafana')).not.toBeInTheDocument();
  });

  it('names the annotation to add, without calling the backend', async () => {
    const queries = answerGoldenSignals(goldenSignals());
    await renderCard(bareEntity);

    expect(
      await screen.findByText('backstage.io/kubernetes-id', {
        selector: 'code',
      }),
    ).toBeInTheDocument();
    expect(queries).toHaveLength(0);
  });

  it('names the annotation the backend reports missing', async () => {
    answerGoldenSignals({ missingAnnotation: 'backstage.io/kubernetes-id' });
    await renderCard();

    expect(
      await screen.findByText('backstage.io/kubernetes-id', {
        selector: 'code',
      }),
    ).toBeInTheDocument();
  });

  it('refetches for the new range when the window changes', async () => {
    const queries = answerGoldenSignals(goldenSignals());
    await renderCard();
    await screen.findByRole('region', { name: 'Kong routes' });

    await userEvent.click(screen.getByRole('button', { name: 'Last 6h' }));

    await screen.findByRole('region', { name: 'Kong routes' });
    expect(queries.map(q => q.get('range'))).toEqual(['1h', '6h']);
    expect(Number(queries[1].get('end'))).toBeGreaterThanOrEqual(
      Number(queries[0].get('end')),
    );
  });

  it('draws the deploys on the charts, lists them with their commit, and compares the last one', async () => {
    answerGoldenSignals(goldenSignals());
    const syncAt = Date.parse('2026-12-05T10:00:00Z');
    server.use(
      http.get(`${METRICS_BACKEND}/deploy-markers`, () =>
        HttpResponse.json({
          markers: [
            {
              time: syncAt,
              kind: 'sync',
              label: 'Sync a1b2c3d',
              revision: 'a1b2c3d4e5f6',
              author: 'Alice <alice@example.com>',
              message: 'driver 1.4.0',
              url: 'https://git.example.com/commit/a1b2c3d4e5f6',
            },
            {
              time: syncAt + 60_000,
              kind: 'rollout',
              label: 'Rollout step (v2 at 25%)',
              message: 'Step 2/4: v2 at 25%',
            },
          ],
          impact: {
            marker: {
              time: syncAt,
              kind: 'sync',
              label: 'Sync a1b2c3d',
              author: 'Alice <alice@example.com>',
              message: 'driver 1.4.0',
            },
            windowSeconds: 900,
            figures: [
              {
                name: 'requests-per-second',
                before: 10,
                after: 10,
                changePercent: 0,
                regressed: false,
              },
              {
                name: 'error-rate',
                before: 0.5,
                after: 8,
                changePercent: 1500,
                regressed: true,
              },
              {
                name: 'latency-p95',
                before: 120,
                after: 130,
                changePercent: 8.3,
                regressed: false,
              },
            ],
          },
          problems: [
            'Rollouts: Traffic backend answered GET /rollouts with 500',
          ],
        }),
      ),
    );
    await renderCard();

    const summary = await screen.findByTestId('last-deploy');
    expect(summary).toHaveTextContent(
      'Last deploy: Sync a1b2c3d by Alice (driver 1.4.0), 15 minutes before and after',
    );
    const errors = within(summary).getByTestId('last-deploy-error-rate');
    expect(errors).toHaveAttribute('data-regressed', 'true');
    expect(errors).toHaveTextContent('5xx ratio0.5 %8 % ⚠+1500 %');
    expect(
      within(summary).getByTestId('last-deploy-latency-p95'),
    ).toHaveAttribute('data-regressed', 'false');
    expect(
      within(summary).getByTestId('last-deploy-problem'),
    ).toHaveTextContent(
      'Rollouts: Traffic backend answered GET /rollouts with 500',
    );
    const list = screen.getByRole('list', { name: 'Golden signals deploys' });
    const badges = within(list).getAllByTestId('deploy-marker');
    expect(badges.map(b => b.textContent)).toEqual([
      expect.stringMatching(/^\d\d:\d\d Sync a1b2c3d, Opens in a new window$/),
      expect.stringMatching(/^\d\d:\d\d Rollout step \(v2 at 25%\)$/),
    ]);
    expect(within(list).getByRole('link')).toHaveAttribute(
      'href',
      'https://git.example.com/commit/a1b2c3d4e5f6',
    );
  });

  it('keeps the charts when the deploy markers cannot be read, saying why', async () => {
    answerGoldenSignals(goldenSignals());
    server.use(
      http.get(`${METRICS_BACKEND}/deploy-markers`, () =>
        HttpResponse.json(
          { error: { name: 'Error', message: 'down' } },
          { status: 500 },
        ),
      ),
    );
    await renderCard();

    expect(await screen.findByTestId('last-deploy-error')).toHaveTextContent(
      'Deploy markers are unavailable',
    );
    expect(
      screen.getByRole('region', { name: 'Kong routes' }),
    ).toBeInTheDocument();
  });
});
