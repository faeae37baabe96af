import { Entity } from '@backstage/catalog-model';
import {
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  OpsTimeRangePicker,
  OpsTimeRangeProvider,
} from '@internal/plugin-ops-react';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  annotatedEntity,
  BACKEND,
  bareEntity,
  decodeDiscoverUrl,
  kibanaConfig,
  kubernetesHandlers,
  logsTestApis,
  PODS,
} from '../../__testUtils__/fixtures';
import { LogsCard } from './LogsCard';

const server = setupServer();
const NOW = new Date('2026-11-22T09:00:00.000Z');
// The Kubernetes client makes two requests before the pods render; allow for a loaded machine.
const SLOW = { timeout: 5000 };

function renderCard(
  entity: Entity = annotatedEntity,
  config: object = kibanaConfig,
) {
  return renderInTestApp(
    <EntityProvider entity={entity}>
      <OpsTimeRangeProvider now={() => NOW}>
        <OpsTimeRangePicker />
        <LogsCard />
      </OpsTimeRangeProvider>
    </EntityProvider>,
    { apis: logsTestApis(), config: config as any },
  );
}

/** Answers the error count with `body` / `status` and records each request's query. */
function answerErrorCount(body: object, status = 200) {
  const queries: URLSearchParams[] = [];
  server.use(
    http.get(`${BACKEND}/logs/error-count`, ({ request }) => {
      queries.push(new URL(request.url).searchParams);
      return HttpResponse.json(body, { status });
    }),
  );
  return queries;
}

function linkTimes(name: string | RegExp) {
  const link = screen.getByRole('link', { name });
  return decodeDiscoverUrl(link.getAttribute('href')!).g.time;
}

describe('LogsCard', () => {
  registerMswTestHooks(server);

  it('links the service, errors, Kong and each pod for the window, in new tabs', async () => {
    server.use(...kubernetesHandlers());
    const queries = answerErrorCount({ count: 3, query: {} });
    await renderCard();

    for (const name of [
      'All pods',
      'Errors only',
      'Kong access logs',
      ...PODS,
    ]) {
      const link = await screen.findByRole('link', { name }, SLOW);
      expect(link).toHaveAttribute('target', '_blank');
      expect(link.getAttribute('rel')).toContain('noopener');
      expect(linkTimes(name)).toEqual({
        from: '2026-11-22T08:00:00.000Z',
        to: NOW.toISOString(),
      });
    }
    const pod = decodeDiscoverUrl(
      screen.getByRole('link', { name: PODS[1] }).getAttribute('href')!,
    );
    expect(pod.a.query.query).toBe(
      `kubernetes.namespace_name:"driver" and kubernetes.pod_name:"${PODS[1]}"`,
    );

    expect(
      await screen.findByTestId('logs-error-count', {}, SLOW),
    ).toHaveTextContent('3 error lines in the last 1h (Elasticsearch)');
    expect(queries[0].get('entityRef')).toBe('component:default/driver');
    expect(queries[0].get('from')).toBe('2026-11-22T08:00:00.000Z');
    expect(queries[0].get('to')).toBe(NOW.toISOString());
  });

  it('follows the time range picker', async () => {
    server.use(...kubernetesHandlers());
    const queries = answerErrorCount({ count: 1, query: {} });
    await renderCard();
    await screen.findByRole('link', { name: 'All pods' });

    await userEvent.click(screen.getByRole('button', { name: 'Last 6h' }));

    await waitFor(() =>
      expect(linkTimes('Errors only')).toEqual({
        from: '2026-11-22T03:00:00.000Z',
        to: NOW.toISOString(),
      }),
    );
    await waitFor(() =>
      expect(screen.getByTestId('logs-error-count')).toHaveTextContent(
        '1 error line in the last 6h (Elasticsearch)',
      ),
    );
    expect(queries.map(q => q.get('from'))).toContain(
      '2026-11-22T03:00:00.000Z',
    );
  });

  it('degrades only the count line when Elasticsearch fails', async () => {
    server.use(...kubernetesHandlers());
    answerErrorCount(
      {
        error: {
          name: 'ServiceUnavailableError',
          message:
            "Elasticsearch did not answer _count on 'logs-*' within 5000 ms",
        },
        response: { statusCode: 503 },
      },
      503,
    );
    await renderCard();
    expect(await screen.findByRole('alert', {}, SLOW)).toHaveTextContent(
      "Error count unavailable (Elasticsearch): Elasticsearch did not answer _count on 'logs-*' within 5000 ms",
    );
    expect(screen.getByRole('link', { name: 'All pods' })).toBeInTheDocument();
    expect(
      await screen.findByRole('link', { name: PODS[0] }, SLOW),
    ).toBeInTheDocument();
  });

  it('shows no count when the backend has no Elasticsearch', async () => {
    server.use(...kubernetesHandlers());
    answerErrorCount({ disabled: true });
    await renderCard();
    await screen.findByRole('link', { name: PODS[0] }, SLOW);
    await waitFor(() =>
      expect(screen.queryByText(/Counting errors/)).not.toBeInTheDocument(),
    );
    expect(screen.queryByTestId('logs-error-count')).not.toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('keeps the service links when the Kubernetes backend fails', async () => {
    server.use(...kubernetesHandlers({ status: 500 }));
    answerErrorCount({ disabled: true });
    await renderCard();
    expect(
      await screen.findByText(
        /Pods unavailable from the Kubernetes backend/,
        {},
        SLOW,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'Kong access logs' }),
    ).toBeInTheDocument();
  });

  it('uses the kibana-data-view annotation', async () => {
    server.use(...kubernetesHandlers());
    answerErrorCount({ disabled: true });
    const entity = {
      ...annotatedEntity,
      metadata: {
        ...annotatedEntity.metadata,
        annotations: {
          ...annotatedEntity.metadata.annotations,
          'ops-portal/kibana-data-view': 'driver-logs',
        },
      },
    };
    await renderCard(entity);
    const link = await screen.findByRole('link', { name: 'All pods' });
    expect(decodeDiscoverUrl(link.getAttribute('href')!).a.index).toBe(
      'driver-logs',
    );
  });

  it('asks for the kubernetes-id annotation', async () => {
    await renderCard(bareEntity);
    expect(
      screen.getByText('backstage.io/kubernetes-id', { selector: 'code' }),
    ).toBeInTheDocument();
  });

  it('says when Kibana is not configured', async () => {
    server.use(...kubernetesHandlers());
    await renderCard(annotatedEntity, {});
    expect(screen.getByText('Kibana is not configured')).toBeInTheDocument();
  });
});
