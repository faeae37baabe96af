import { coreExtensionData } from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { act, screen } from '@testing-library/react';
import { OpsCardBlueprint } from '@internal/plugin-ops-react';
import {
  annotatedEntity,
  bareEntity,
  opsTestApis,
} from './__testUtils__/fixtures';
import opsPlugin from './plugin';

// Extensions taken from the plugin carry its id, so they get their real extension ids here.
const opsTab = opsPlugin.getExtension('entity-content:ops');

function opsTabTester() {
  return createExtensionTester(opsTab)
    .add(opsPlugin.getExtension('ops-card:ops/kubernetes'))
    .add(opsPlugin.getExtension('ops-card:ops/argocd-overview'))
    .add(opsPlugin.getExtension('ops-card:ops/argocd-history'));
}

describe('ops plugin', () => {
  it('declares the Ops tab, its cards and the Argo CD APIs', () => {
    expect(opsPlugin.getExtension('entity-content:ops')).toBeDefined();
    expect(opsPlugin.getExtension('ops-card:ops/kubernetes')).toBeDefined();
    expect(
      opsPlugin.getExtension('ops-card:ops/argocd-overview'),
    ).toBeDefined();
    expect(opsPlugin.getExtension('ops-card:ops/argocd-history')).toBeDefined();
    expect(opsPlugin.getExtension('api:ops/argocd')).toBeDefined();
    expect(opsPlugin.getExtension('api:ops/argocd-actions')).toBeDefined();
  });

  it('mounts the Ops tab at ops for components only', () => {
    const tester = opsTabTester();
    expect(tester.get(coreExtensionData.routePath)).toBe('ops');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('Ops');
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction);
    expect(filter?.(annotatedEntity)).toBe(true);
    expect(filter?.({ ...annotatedEntity, kind: 'API' })).toBe(false);
  });

  it('attaches the cards to the Ops tab', () => {
    const snapshot = opsTabTester().snapshot();
    expect(snapshot.id).toBe('entity-content:ops');
    expect(snapshot.children?.cards?.map(card => card.id).sort()).toEqual([
      'ops-card:ops/argocd-history',
      'ops-card:ops/argocd-overview',
      'ops-card:ops/kubernetes',
    ]);
  });

  it('gives the HPA card, with its replica history chart, the full width', () => {
    const width = (
      id:
        | 'ops-card:ops/hpa'
        | 'ops-card:ops/kubernetes'
        | 'ops-card:ops/argocd-overview',
    ) =>
      createExtensionTester(opsPlugin.getExtension(id)).get(
        OpsCardBlueprint.dataRefs.width,
      );
    expect(width('ops-card:ops/hpa')).toBe('full');
    expect(width('ops-card:ops/kubernetes')).toBe('half');
    expect(width('ops-card:ops/argocd-overview')).toBe('half');
  });

  it('renders attached cards, including cards of other plugins', async () => {
    const extraCard = OpsCardBlueprint.make({
      name: 'extra',
      params: { loader: async () => <div>Extra card</div> },
    });
    const tester = opsTabTester().add(extraCard);

    await renderInTestApp(
      <EntityProvider entity={bareEntity}>
        {tester.reactElement()}
      </EntityProvider>,
      { apis: opsTestApis() },
    );

    expect(
      await screen.findByText('Extra card', {}, { timeout: 10_000 }),
    ).toBeInTheDocument();
    expect(
      screen.getByText('backstage.io/kubernetes-id', { selector: 'code' }),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText('argocd/app-name', { selector: 'code' }),
    ).toHaveLength(2);
  });

  it('shows a skeleton in a card slot at once, before the code and data of the card arrive', async () => {
    let deliver: (card: JSX.Element) => void = () => {};
    const slowCard = OpsCardBlueprint.make({
      name: 'slow',
      params: {
        loader: () =>
          new Promise<JSX.Element>(resolve => {
            deliver = resolve;
          }),
      },
    });

    await renderInTestApp(
      <EntityProvider entity={bareEntity}>
        {createExtensionTester(opsTab).add(slowCard).reactElement()}
      </EntityProvider>,
      { apis: opsTestApis() },
    );

    const slot = await screen.findByTestId(
      'ops-card-slot',
      {},
      { timeout: 10_000 },
    );
    expect(slot.querySelector('[data-testid="ops-card-skeleton"]')).not.toBe(
      null,
    );
    expect(screen.queryByText('Slow card')).not.toBeInTheDocument();

    await act(async () => deliver(<div>Slow card</div>));

    expect(await screen.findByText('Slow card')).toBeInTheDocument();
    expect(screen.queryByTestId('ops-card-skeleton')).not.toBeInTheDocument();
  });

  it("loads each card's code once, though both the tab and the card's slot ask for it", async () => {
    const loads: string[] = [];
    const cardNamed = (name: string) =>
      OpsCardBlueprint.make({
        name,
        params: {
          loader: async () => {
            loads.push(name);
            return <div>{`${name} card`}</div>;
          },
        },
      });
    const tester = createExtensionTester(opsTab)
      .add(cardNamed('first'))
      .add(cardNamed('second'));

    await renderInTestApp(
      <EntityProvider entity={bareEntity}>
        {tester.reactElement()}
      </EntityProvider>,
      { apis: opsTestApis() },
    );
    expect(
      await screen.findByText('first card', {}, { timeout: 10_000 }),
    ).toBeInTheDocument();
    expect(await screen.findByText('second card')).toBeInTheDocument();
    expect(loads.sort()).toEqual(['first', 'second']);
  });

  it('keeps the tab alive when one card throws', async () => {
    const Broken = () => {
      throw new Error('card exploded');
    };
    const tester = createExtensionTester(opsTab)
      .add(
        OpsCardBlueprint.make({
          name: 'broken',
          params: { loader: async () => <Broken /> },
        }),
      )
      .add(
        OpsCardBlueprint.make({
          name: 'healthy',
          params: { loader: async () => <div>Healthy card</div> },
        }),
      );

    await renderInTestApp(
      <EntityProvider entity={bareEntity}>
        {tester.reactElement()}
      </EntityProvider>,
      { apis: opsTestApis() },
    );

    expect(
      await screen.findByText('Healthy card', {}, { timeout: 10_000 }),
    ).toBeInTheDocument();
    expect(
      await screen.findByText('card exploded', {}, { timeout: 10_000 }),
    ).toBeInTheDocument();
  });
});
