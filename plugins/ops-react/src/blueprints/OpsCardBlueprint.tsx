import { lazy, Suspense } from 'react';
import {
  coreExtensionData,
  createExtensionBlueprint,
  createExtensionDataRef,
  ExtensionBoundary,
} from '@backstage/frontend-plugin-api';
import { OpsCardSkeleton } from './OpsCardSkeleton';

/**
 * How wide a card is on the Ops tab: `half` shares a row with another card on wide screens,
 * `full` (charts, wide tables) always takes the whole row. Narrow screens stack every card.
 * @public
 */
export type OpsCardWidth = 'half' | 'full';

const opsCardWidthDataRef = createExtensionDataRef<OpsCardWidth>().with({
  id: 'ops.card.width',
});

/**
 * Starts loading a card's code (once; the card's lazy component waits for the same load). The Ops
 * tab calls it for every card when the tab opens, beside the tab's own code, so the cards' code
 * does not wait for the tab's to arrive first.
 * @public
 */
export type OpsCardPreload = () => Promise<unknown>;

const opsCardPreloadDataRef = createExtensionDataRef<OpsCardPreload>().with({
  id: 'ops.card.preload',
});

/**
 * A card on the entity's Ops tab. Cards attach to the `cards` input of `entity-content:ops` and
 * are laid out in the order the app installs them, two per row on wide screens unless a card
 * asks for the full `width`. A card's code loads lazily, when the tab opens (every card's at once,
 * beside the tab's own code: the `preload` output); until then its slot shows a skeleton card. Each card runs inside its own extension boundary, so a card that
 * throws degrades only itself. A card reads the entity with `useEntity()` and shows
 * `MissingAnnotationEmptyState` when the annotations it needs are absent.
 *
 * @example
 * ```tsx
 * OpsCardBlueprint.make({
 *   name: 'kong-routes',
 *   params: {
 *     width: 'full',
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
  output: [
    coreExtensionData.reactElement,
    opsCardWidthDataRef,
    opsCardPreloadDataRef,
  ],
  dataRefs: { width: opsCardWidthDataRef, preload: opsCardPreloadDataRef },
  *factory(
    params: { loader: () => Promise<JSX.Element>; width?: OpsCardWidth },
    { node },
  ) {
    let loading: Promise<JSX.Element> | undefined;
    const load = () => (loading ??= params.loader());
    const Card = lazy(() =>
      load().then(element => ({ default: () => element })),
    );
    yield coreExtensionData.reactElement(
      <ExtensionBoundary node={node}>
        <Suspense fallback={<OpsCardSkeleton />}>
          <Card />
        </Suspense>
      </ExtensionBoundary>,
    );
    yield opsCardWidthDataRef(params.width ?? 'half');
    yield opsCardPreloadDataRef(load);
  },
});
