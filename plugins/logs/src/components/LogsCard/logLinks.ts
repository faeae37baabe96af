import { Entity } from '@backstage/catalog-model';
import type { ConfigApi } from '@backstage/frontend-plugin-api';
import {
  applicationLogColumns,
  buildKibanaDiscoverUrl,
  errorLogsQuery,
  kongAccessLogColumns,
  kongAccessLogsQuery,
  LogFieldMapping,
  LogTarget,
  podLogsQuery,
  readLogFieldMapping,
  serviceLogsQuery,
} from '@internal/plugin-logs-common';
import {
  OPS_ANNOTATIONS,
  parseKongServiceAnnotation,
} from '@internal/plugin-ops-common';

/** The Kibana settings of the card (`opsPortal.logs.kibana`). @public */
export interface KibanaSettings {
  baseUrl: string;
  dataViewId: string;
  fields: LogFieldMapping;
}

/** Reads `opsPortal.logs.kibana`; undefined when Kibana is not configured. @public */
export function readKibanaSettings(
  configApi: ConfigApi,
): KibanaSettings | undefined {
  const kibana = configApi.getOptionalConfig('opsPortal.logs.kibana');
  const baseUrl = kibana?.getOptionalString('baseUrl');
  const dataViewId = kibana?.getOptionalString('dataViewId');
  if (!kibana || !baseUrl || !dataViewId) return undefined;
  return {
    baseUrl,
    dataViewId,
    fields: readLogFieldMapping(kibana.getOptionalConfig('fields')),
  };
}

/** The data view of the entity's links: its annotation, else the configured one. @public */
export function dataViewFor(settings: KibanaSettings, entity: Entity): string {
  return (
    entity.metadata.annotations?.[OPS_ANNOTATIONS.kibanaDataView] ||
    settings.dataViewId
  );
}

/** One Discover link of the card. @public */
export interface LogLink {
  key: string;
  title: string;
  description: string;
  url: string;
}

/** Input of {@link buildLogLinks}. @public */
export interface LogLinksInput {
  settings: KibanaSettings;
  entity: Entity;
  target: LogTarget;
  window: { from: Date; to: Date };
}

/**
 * The card's service-level links (all pods, errors only, Kong access logs), all for the same
 * window. The entity's `ops-portal/kibana-data-view` overrides the configured data view;
 * `ops-portal/kong-service` names the Kong services explicitly.
 * @public
 */
export function buildLogLinks(input: LogLinksInput): LogLink[] {
  const { settings, entity, target, window } = input;
  const { fields } = settings;
  const annotations = entity.metadata.annotations ?? {};
  const link = (query: string, columns: string[]) =>
    buildKibanaDiscoverUrl({
      baseUrl: settings.baseUrl,
      dataViewId: dataViewFor(settings, entity),
      query,
      columns,
      from: window.from,
      to: window.to,
    });
  const appColumns = applicationLogColumns(fields);
  const kongServices = parseKongServiceAnnotation(
    annotations[OPS_ANNOTATIONS.kongService],
  ).names;
  return [
    {
      key: 'service',
      title: 'All pods',
      description: `Every log line of ${target.app} in ${target.namespace}`,
      url: link(serviceLogsQuery(fields, target), appColumns),
    },
    {
      key: 'errors',
      title: 'Errors only',
      description: `Levels ${fields.errorLevels.join(', ')}${
        fields.httpStatus ? ` or HTTP status ≥ ${fields.errorStatusFrom}` : ''
      }`,
      url: link(errorLogsQuery(fields, target), appColumns),
    },
    {
      key: 'kong',
      title: 'Kong access logs',
      description:
        kongServices.length > 0
          ? `Kong services ${kongServices.join(', ')}`
          : `Kong services ${target.namespace}.${target.app}.*`,
      url: link(
        kongAccessLogsQuery(fields, target, kongServices),
        kongAccessLogColumns(fields),
      ),
    },
  ];
}

/** The link to one pod's log lines, for the same window. @public */
export function buildPodLogLink(
  input: LogLinksInput,
  podName: string,
): LogLink {
  const { settings, entity, target, window } = input;
  return {
    key: `pod:${podName}`,
    title: podName,
    description: `Log lines of pod ${podName}`,
    url: buildKibanaDiscoverUrl({
      baseUrl: settings.baseUrl,
      dataViewId: dataViewFor(settings, entity),
      query: podLogsQuery(settings.fields, target, podName),
      columns: applicationLogColumns(settings.fields),
      from: window.from,
      to: window.to,
    }),
  };
}
