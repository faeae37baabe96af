import {
  coreExtensionData,
  createExtensionInput,
} from '@backstage/frontend-plugin-api';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { OpsCardBlueprint } from '@internal/plugin-ops-react';
import trafficPlugin from './plugin';

// The Ops tab's shape (`entity-content:ops` with a `cards` input), as the ops plugin declares it.
const opsTab = EntityContentBlueprint.makeWithOverrides({
  name: 'ops',
  inputs: { cards: createExtensionInput([coreExtensionData.reactElement]) },
  factory: originalFactory =>
    originalFactory({ path: 'ops', title: 'Ops', loader: async () => <div /> }),
});

describe('traffic plugin', () => {
  it('provides the Traffic API and the Ops card', () => {
    expect(trafficPlugin.getExtension('api:traffic')).toBeDefined();
    expect(trafficPlugin.getExtension('ops-card:traffic')).toBeDefined();
  });

  it('attaches the card to the Ops tab', () => {
    const snapshot = createExtensionTester(opsTab)
      .add(trafficPlugin.getExtension('ops-card:traffic'))
      .snapshot();
    expect(snapshot.id).toBe('entity-content:ops');
    expect(snapshot.children?.cards?.map(card => card.id)).toEqual([
      'ops-card:traffic',
    ]);
  });

  it('takes the full width of the Ops tab for its subset table', () => {
    const tester = createExtensionTester(
      trafficPlugin.getExtension('ops-card:traffic'),
    );
    expect(tester.get(OpsCardBlueprint.dataRefs.width)).toBe('full');
  });
});
