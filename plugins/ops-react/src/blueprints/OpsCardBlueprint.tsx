import {
  coreExtensionData,
  createExtensionBlueprint,
  ExtensionBoundary,
} from '@backstage/frontend-plugin-api';

/**
 * A card on the entity's Ops tab. Cards attach to the `cards` input of `entity-content:ops` and
 * are laid out in the order the app installs them. Each card runs inside its own extension
 * boundary, so a card that throws degrades only itself. A card reads the entity with
 * `useEntity()` and shows `MissingAnnotationEmptyState` when the annotations it needs are absent.
 *
 * @example
 * ```tsx
 * OpsCardBlueprint.make({
 *   name: 'kong-routes',
 *   params: {
 *     loader: () => import('./KongRoutesCard').then(m => <m.KongRoutesCard />),
 *   },
 * });
 * ```
 *
 * @public
 */
export const OpsCardBlueprint = createExtensionBlueprint({
  kind: 'ops-card',
  attachTo: { id: 'entity-content:ops', input: 'cards' },
  output: [coreExtensionData.reactElement],
  *factory(params: { loader: () => Promise<JSX.Element> }, { node }) {
    yield coreExtensionData.reactElement(
      ExtensionBoundary.lazy(node, params.loader),
    );
  },
});
