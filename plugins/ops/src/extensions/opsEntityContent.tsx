import {
  coreExtensionData,
  createExtensionInput,
} from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { OpsCardBlueprint } from '@internal/plugin-ops-react';

/**
 * The "Ops" tab of Component entities (`entity-content:ops`). Its `cards` input collects every
 * {@link OpsCardBlueprint} extension; opening the tab starts loading every card's code at once.
 *
 * @public
 */
export const opsEntityContent = EntityContentBlueprint.makeWithOverrides({
  inputs: {
    cards: createExtensionInput([
      coreExtensionData.reactElement,
      OpsCardBlueprint.dataRefs.width.optional(),
      OpsCardBlueprint.dataRefs.preload.optional(),
    ]),
  },
  factory(originalFactory, { inputs }) {
    const cards = inputs.cards.map(card => ({
      element: card.get(coreExtensionData.reactElement),
      width: card.get(OpsCardBlueprint.dataRefs.width),
      preload: card.get(OpsCardBlueprint.dataRefs.preload),
    }));
    return originalFactory({
      path: 'ops',
      title: 'Ops',
      filter: { kind: 'component' },
      loader: () => {
        // The cards' code loads beside the tab's, not after it; a card whose code fails to load
        // shows that in its own slot.
        for (const card of cards) card.preload?.().catch(() => {});
        return import('../components/OpsContent').then(m => (
          <m.OpsContent cards={cards} />
        ));
      },
    });
  },
});
