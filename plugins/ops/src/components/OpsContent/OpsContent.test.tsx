import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http } from 'msw';
import { setupServer } from 'msw/node';
import { useOpsRefresh } from '@internal/plugin-ops-react';
import { Entity } from '@backstage/catalog-model';
import { ArgoCdHistoryCard, ArgoCdOverviewCard } from '../ArgoCdCards';
import { KubernetesCard } from '../KubernetesCard';
import { OpsContent } from './OpsContent';
import {
  annotatedEntity,
  BACKEND,
  argoCdConfig,
  argoCdFailingHandlers,
  argoCdHandlers,
  bareEntity,
  kubernetesHandlers,
  opsTestApis,
  POD_NAME,
} from '../../__testUtils__/fixtures';

// The tab renders every card with the real clients over msw; on a loaded machine a test takes
// several seconds. The tests wait on behaviour, never on time.
jest.setTimeout(30_000);

const server = setupServer();

function renderOpsContent(entity: Entity) {
  return renderInTestApp(
    <EntityProvider entity={entity}>
      <OpsContent
        cards={[
          { element: <KubernetesCard /> },
          { element: <ArgoCdOverviewCard /> },
          { element: <ArgoCdHistoryCard /> },
        ]}
      />
    </EntityProvider>,
    { apis: opsTestApis(), config: argoCdConfig },
  );
}

/** Opens the cluster and the deployment in the Kubernetes card and returns the pod's name. */
async function findPodName() {
  const heading = await screen.findByText('Your Clusters');
  const card = within(heading.closest('.MuiCard-root') as HTMLElement);
  await userEvent.click(await card.findByText('sandbox'));
  // The cluster summary counts the pods too; the deployment's summary comes last.
  const podCounts = await card.findAllByText('1 pod');
  await userEvent.click(podCounts[podCounts.length - 1]);
  return card.findByText(POD_NAME);
}

describe('OpsContent', () => {
  registerMswTestHooks(server);

  it('names the missing annotations when the entity has none', async () => {
    await renderOpsContent(bareEntity);

    expect(
      await screen.findByText('backstage.io/kubernetes-id', {
        selector: 'code',
      }),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText('argocd/app-name', { selector: 'code' }),
    ).toHaveLength(2);
  });

  it('shows the pods, the Argo CD sync status and the Argo CD actions', async () => {
    server.use(...kubernetesHandlers, ...argoCdHandlers);
    await renderOpsContent(annotatedEntity);

    expect(await findPodName()).toBeInTheDocument();
    expect(await screen.findByText('Synced')).toBeInTheDocument();
    expect(await screen.findByText('Healthy')).toBeInTheDocument();
    expect(
      await screen.findByTestId(
        'argocd-actions-state',
        {},
        { timeout: 10_000 },
      ),
    ).toHaveTextContent('driver on sandbox · Synced · Healthy');
    expect(screen.getByTestId('argocd-action-sync')).toBeInTheDocument();
  });

  it('keeps the Kubernetes card working when Argo CD fails', async () => {
    server.use(...kubernetesHandlers, ...argoCdFailingHandlers);
    await renderOpsContent(annotatedEntity);

    expect(
      await screen.findAllByText(/Error occurred while fetching data/),
    ).not.toHaveLength(0);
    expect(await findPodName()).toBeInTheDocument();
    expect(screen.queryByText('Synced')).not.toBeInTheDocument();
    expect(
      (await screen.findAllByText(/Argo CD sandbox could not be reached/))
        .length,
    ).toBeGreaterThan(0);
  });

  it('loads the Kubernetes and Argo CD cards again when a card asks for a refresh', async () => {
    const reads = { kubernetes: 0, argoCd: 0 };
    server.use(
      http.post(`${BACKEND}/kubernetes/services/driver`, () => {
        reads.kubernetes += 1;
        return undefined;
      }),
      http.get(
        `${BACKEND}/argocd/argoInstance/sandbox/applications/name/driver`,
        () => {
          reads.argoCd += 1;
          return undefined;
        },
      ),
      ...kubernetesHandlers,
      ...argoCdHandlers,
    );
    function RefreshCard() {
      const { requestRefresh } = useOpsRefresh();
      return <button onClick={requestRefresh}>Operation ended</button>;
    }
    await renderInTestApp(
      <EntityProvider entity={annotatedEntity}>
        <OpsContent
          cards={[
            { element: <KubernetesCard /> },
            { element: <ArgoCdHistoryCard /> },
            { element: <RefreshCard /> },
          ]}
        />
      </EntityProvider>,
      { apis: opsTestApis(), config: argoCdConfig },
    );
    await screen.findByText('Your Clusters');
    await waitFor(() => expect(reads.argoCd).toBeGreaterThan(0));
    await waitFor(() => expect(reads.kubernetes).toBeGreaterThan(0));
    const before = { ...reads };

    await userEvent.click(
      screen.getByRole('button', { name: 'Operation ended' }),
    );

    await waitFor(() => expect(reads.argoCd).toBeGreaterThan(before.argoCd));
    await waitFor(() =>
      expect(reads.kubernetes).toBeGreaterThan(before.kubernetes),
    );
  });

  it('lays the cards out two per row on wide screens, full-width cards alone, keeping every card', async () => {
    await renderInTestApp(
      <OpsContent
        cards={[
          { element: <div>Pods</div> },
          { element: <div>Sync status</div>, width: 'half' },
          { element: <div>Golden signals</div>, width: 'full' },
          { element: <div>Logs</div> },
        ]}
      />,
    );

    const slots = screen.getAllByTestId('ops-card-slot');
    expect(slots.map(slot => slot.textContent)).toEqual([
      'Pods',
      'Sync status',
      'Golden signals',
      'Logs',
    ]);
    expect(slots.map(slot => slot.dataset.width)).toEqual([
      'half',
      'half',
      'full',
      'half',
    ]);
    for (const slot of slots) {
      expect(slot).toHaveClass('MuiGrid-grid-xs-12');
    }
    expect(slots[0]).toHaveClass('MuiGrid-grid-lg-6');
    expect(slots[2]).toHaveClass('MuiGrid-grid-lg-12');
  });

  it('explains an empty tab', async () => {
    await renderInTestApp(<OpsContent cards={[]} />);
    expect(screen.getByText('No ops cards installed')).toBeInTheDocument();
  });
});
