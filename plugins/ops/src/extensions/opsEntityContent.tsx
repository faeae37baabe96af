import {
  coreExtensionData,
  createExtensionInput,
} from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { OpsCardBlueprint } from '@internal/plugin-ops-react';

/**
 * The "Ops" tab of Component entities (`entity-content:ops`). Its `cards` input collects every
 * {@link OpsCardBlueprint} extension.
 *
 * @public
 */
export const opsEntityContent = EntityContentBlueprint.makeWithOverrides({
  inputs: {
    cards: createExtensionInput([
      coreExtensionData.reactElement,
      OpsCardBlueprint.dataRefs.width.optional(),
    ]),
  },
  factory(originalFactory, { inputs }) {
    const cards = inputs.cards.map(card => ({
      element: card.get(coreExtensionData.reactElement),
      width: card.get(OpsCardBlueprint.dataRefs.width),
    }));
    return originalFactory({
      path: 'ops',
      title: 'Ops',
      filter: { kind: 'component' },
      loader: () =>
        import('../components/OpsContent').then(m => (
          <m.OpsContent cards={cards} />
        )),
    });
  },
});
