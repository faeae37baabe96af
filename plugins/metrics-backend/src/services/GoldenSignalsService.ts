import { ServiceUnavailableError } from '@backstage/errors';
import {
  formatPromDuration,
  GoldenSignalsGroup,
  GoldenSignalsResponse,
  groupPanelsQuery,
  istioVersionPanelQueries,
  kongRoutePanelQueries,
  MetricsWindow,
  PANEL_LABEL,
  PanelQuery,
  rateWindowSeconds,
} from '@internal/plugin-metrics-common';
import { EntityMetricsTarget } from './EntityTargets';
import { PrometheusSeries } from './PrometheusClient';
import { grafanaDashboardUrl, prometheusGraphUrl } from './PrometheusInstances';
import { RangeQueryRunner } from './RangeQueryRunner';
import { seriesByLabel } from './series';

interface GroupDefinition {
  id: GoldenSignalsGroup['id'];
  title: string;
  groupBy: GoldenSignalsGroup['groupBy'];
  panels: PanelQuery[];
}

type Outcome =
  | { ok: true; result: PrometheusSeries[] }
  | { ok: false; error: Error };

/** The series of a group's answer, by the panel id `groupPanelsQuery` tagged them with. */
function seriesByPanel(
  result: PrometheusSeries[],
): Map<string, PrometheusSeries[]> {
  const byPanel = new Map<string, PrometheusSeries[]>();
  for (const series of result) {
    const panel = series.metric[PANEL_LABEL];
    if (panel === undefined) continue;
    byPanel.set(panel, [...(byPanel.get(panel) ?? []), series]);
  }
  return byPanel;
}

/**
 * The golden-signals card: one Prometheus query per group, both groups in parallel. A group's
 * query holds all its panels (each panel one grouped query, `sum by (route)`, tagged with its id:
 * `groupPanelsQuery`), so the count depends neither on the panels nor on how many routes or
 * versions exist. A failing group reports its error and the other still answers; when both fail
 * the card is unavailable.
 * @public
 */
export class GoldenSignalsService {
  constructor(private readonly runner: RangeQueryRunner) {}

  /** The panel queries of an entity, per group. */
  groups(
    target: EntityMetricsTarget,
    window: MetricsWindow,
  ): GroupDefinition[] {
    const rate = formatPromDuration(rateWindowSeconds(window.stepSeconds));
    return [
      {
        id: 'kong-routes',
        title: 'Kong routes',
        groupBy: 'route',
        panels: kongRoutePanelQueries(
          {
            namespace: target.namespace,
            kubernetesId: target.kubernetesId,
            serviceNames: target.kongServiceNames,
          },
          rate,
        ),
      },
      {
        id: 'istio-versions',
        title: 'Istio versions',
        groupBy: 'destination_version',
        panels: istioVersionPanelQueries(
          { namespace: target.namespace, service: target.kubernetesId },
          rate,
        ),
      },
    ];
  }

  async get(
    target: EntityMetricsTarget,
    window: MetricsWindow,
  ): Promise<GoldenSignalsResponse> {
    const { instance } = target;
    const definitions = this.groups(target, window);
    const outcomes = await Promise.all(
      definitions.map(group =>
        this.runner.run(instance, groupPanelsQuery(group.panels), window).then(
          (result): Outcome => ({ ok: true, result }),
          (error): Outcome => ({ ok: false, error }),
        ),
      ),
    );
    const failures = outcomes.flatMap(outcome =>
      outcome.ok ? [] : [outcome.error],
    );
    if (failures.length === outcomes.length) {
      throw new ServiceUnavailableError(failures[0].message);
    }
    const groups = definitions.map((group, g): GoldenSignalsGroup => {
      const outcome = outcomes[g];
      const byPanel = outcome.ok ? seriesByPanel(outcome.result) : new Map();
      return {
        id: group.id,
        title: group.title,
        groupBy: group.groupBy,
        status: outcome.ok ? 'ok' : 'error',
        ...(outcome.ok ? {} : { error: outcome.error.message }),
        panels: group.panels.map(panel => ({
          ...panel,
          graphUrl: prometheusGraphUrl(instance, panel.query, window),
          series: seriesByLabel(
            byPanel.get(panel.id) ?? [],
            group.groupBy,
            window,
          ),
        })),
      };
    });
    const dashboard = grafanaDashboardUrl(instance, {
      namespace: target.namespace,
      service: target.kubernetesId,
    });
    return {
      instance: {
        name: instance.name,
        prometheusUrl: instance.publicUrl,
        ...(dashboard ? { grafanaDashboardUrl: dashboard } : {}),
      },
      window,
      groups,
    };
  }
}
