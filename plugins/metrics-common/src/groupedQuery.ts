import { quotePromQLString } from './escape';
import type { PanelQuery } from './kong';

/** The label {@link groupPanelsQuery} puts on each series: the id of the panel it belongs to. @public */
export const PANEL_LABEL = 'ops_panel';

/**
 * All panels of a card group in one PromQL query: each panel's query tagged with its id
 * (`label_replace(<query>, "ops_panel", "<id>", "", "")`) and the tagged vectors joined with
 * `or`, so a card costs Prometheus one request and one answer to parse instead of one per panel.
 * The panel queries aggregate away every label but the one they group by, so the tag is the only
 * label that tells their series apart and `or` keeps every one of them.
 * @public
 */
export function groupPanelsQuery(
  panels: Array<Pick<PanelQuery, 'query'> & { id: string }>,
): string {
  if (panels.length === 0) {
    throw new Error('groupPanelsQuery needs at least one panel');
  }
  return panels
    .map(
      panel =>
        `label_replace(${panel.query}, ${quotePromQLString(
          PANEL_LABEL,
        )}, ${quotePromQLString(panel.id)}, "", "")`,
    )
    .join(' or ');
}
