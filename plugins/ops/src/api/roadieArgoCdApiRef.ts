import { createApiRef } from '@backstage/frontend-plugin-api';
import type { ArgoCDApi } from '@roadiehq/backstage-plugin-argo-cd';

/**
 * The API the Roadie Argo CD cards look up: the id of Roadie's `argoCDApiRef`, declared here so
 * that providing it does not load Roadie's package (its io-ts codecs and fp-ts) with the app's
 * entry bundle. Backstage resolves APIs by id, so the cards, loaded lazily with the Ops tab,
 * find the client this ref is bound to.
 *
 * @public
 */
export const roadieArgoCdApiRef = createApiRef<ArgoCDApi>({
  id: 'plugin.argocd.service',
});
