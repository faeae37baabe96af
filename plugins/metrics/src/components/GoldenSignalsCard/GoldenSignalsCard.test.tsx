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
});
