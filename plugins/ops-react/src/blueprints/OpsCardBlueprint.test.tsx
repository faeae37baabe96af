import {
  createExtensionTester,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { OpsCardBlueprint } from './OpsCardBlueprint';

function countedCard() {
  const calls = { count: 0 };
  const card = OpsCardBlueprint.make({
    name: 'counted',
    params: {
      loader: async () => {
        calls.count += 1;
        return <div>Counted card</div>;
      },
    },
  });
  return { card, calls };
}

describe('OpsCardBlueprint', () => {
  it('loads nothing until the card is shown or preloaded', () => {
    const { card, calls } = countedCard();
    createExtensionTester(card).get(OpsCardBlueprint.dataRefs.preload);
    expect(calls.count).toBe(0);
  });

  it('shares one load between the preload and the card it renders', async () => {
    const { card, calls } = countedCard();
    const tester = createExtensionTester(card);
    const preload = tester.get(OpsCardBlueprint.dataRefs.preload);

    await Promise.all([preload(), preload()]);
    expect(calls.count).toBe(1);

    await renderInTestApp(tester.reactElement());
    expect(await screen.findByText('Counted card')).toBeInTheDocument();
    expect(calls.count).toBe(1);
  });

  it('is half width unless the card asks for the full row', () => {
    const { card } = countedCard();
    expect(
      createExtensionTester(card).get(OpsCardBlueprint.dataRefs.width),
    ).toBe('half');
  });
});
