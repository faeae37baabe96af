import { ServiceUnavailableError } from '@backstage/errors';
import {
  formatPromDuration,
  GoldenSignalsGroup,
  GoldenSignalsResponse,
  istioVersionPanelQueries,
  kongRoutePanelQueries,
  MetricsWindow,
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

/**
 * The golden-signals card: every panel query of every group runs in parallel (one grouped query
 * per panel, so the count does not depend on how many routes or versions exist). A failing group
 * reports its error and the others still answer; when every query fails the card is unavailable.
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
        Promise.all(
          group.panels.map(panel =>
            this.runner.run(instance, panel.query, window).then(
              (result): Outcome => ({ ok: true, result }),
              (error): Outcome => ({ ok: false, error }),
            ),
          ),
        ),
      ),
    );
    const failures = outcomes
      .flat()
      .flatMap(outcome => (outcome.ok ? [] : [outcome.error]));
    if (failures.length === outcomes.flat().length) {
      throw new ServiceUnavailableError(failures[0].message);
    }
    const groups = definitions.map((group, g): GoldenSignalsGroup => {
      const groupFailure = outcomes[g].find(outcome => !outcome.ok);
      return {
        id: group.id,
        title: group.title,
        groupBy: group.groupBy,
        status: groupFailure ? 'error' : 'ok',
        ...(groupFailure && !groupFailure.ok
          ? { error: groupFailure.error.message }
          : {}),
        panels: group.panels.map((panel, p) => {
          const outcome = outcomes[g][p];
          return {
            ...panel,
            graphUrl: prometheusGraphUrl(instance, panel.query, window),
            series: outcome.ok
              ? seriesByLabel(outcome.result, group.groupBy, window)
              : [],
          };
        }),
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
