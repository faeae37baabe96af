import {
  coreExtensionData,
  createExtensionInput,
} from '@backstage/frontend-plugin-api';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { OpsCardBlueprint } from '@internal/plugin-ops-react';
import kongPlugin from './plugin';

// The Ops tab's shape (`entity-content:ops` with a `cards` input), as the ops plugin declares it.
const opsTab = EntityContentBlueprint.makeWithOverrides({
  name: 'ops',
  inputs: { cards: createExtensionInput([coreExtensionData.reactElement]) },
  factory: originalFactory =>
    originalFactory({ path: 'ops', title: 'Ops', loader: async () => <div /> }),
});

describe('kong plugin', () => {
  it('provides the Kong API and the Ops card', () => {
    expect(kongPlugin.getExtension('api:kong')).toBeDefined();
    expect(kongPlugin.getExtension('ops-card:kong')).toBeDefined();
  });

  it('attaches the card to the Ops tab', () => {
    const snapshot = createExtensionTester(opsTab)
      .add(kongPlugin.getExtension('ops-card:kong'))
      .snapshot();
    expect(snapshot.id).toBe('entity-content:ops');
    expect(snapshot.children?.cards?.map(card => card.id)).toEqual([
      'ops-card:kong',
    ]);
  });

  it('takes the full width of the Ops tab for its routes table', () => {
    const tester = createExtensionTester(
      kongPlugin.getExtension('ops-card:kong'),
    );
    expect(tester.get(OpsCardBlueprint.dataRefs.width)).toBe('full');
  });
});
