import { groupPanelsQuery, PANEL_LABEL } from './groupedQuery';
import { PanelQuery } from './kong';

const panel = (id: PanelQuery['id'], query: string): PanelQuery => ({
  id,
  title: id,
  unit: 'req/s',
  query,
});

describe('groupPanelsQuery', () => {
  it.each([
    [
      'one panel',
      [panel('requests', 'sum by (route) (rate(a[1m]))')],
      'label_replace(sum by (route) (rate(a[1m])), "ops_panel", "requests", "", "")',
    ],
    [
      'panels joined with or, in order',
      [
        panel('requests', 'sum(a)'),
        panel('errors', '(x or y * 0) / y'),
        panel('latency-p95', 'histogram_quantile(0.95, b)'),
      ],
      'label_replace(sum(a), "ops_panel", "requests", "", "") or ' +
        'label_replace((x or y * 0) / y, "ops_panel", "errors", "", "") or ' +
        'label_replace(histogram_quantile(0.95, b), "ops_panel", "latency-p95", "", "")',
    ],
    [
      'a quote in an id is escaped',
      [panel('a"b' as PanelQuery['id'], 'up')],
      'label_replace(up, "ops_panel", "a\\"b", "", "")',
    ],
  ])('%s', (_name, panels, expected) => {
    expect(groupPanelsQuery(panels)).toBe(expected);
  });

  it('names the label it tags with', () => {
    expect(PANEL_LABEL).toBe('ops_panel');
  });

  it('refuses an empty group', () => {
    expect(() => groupPanelsQuery([])).toThrow(/at least one panel/);
  });
});
