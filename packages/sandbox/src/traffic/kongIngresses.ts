import { ClusterStore, KubeObject } from '../cluster/types';
import { requireType } from '../controller/controllerSupport';
import { IngressPathBackend } from './kongNames';

/** The prometheus plugin's metric switches; all default to false, as in Kong 3.x. */
export interface PrometheusFlags {
  statusCode: boolean;
  latency: boolean;
  bandwidth: boolean;
  upstreamHealth: boolean;
}

/** One path of a Kong Ingress, with the prometheus plugin settings that apply to it. */
export interface KongIngressPath extends IngressPathBackend {
  /** Undefined when no prometheus plugin applies: Kong then records nothing for it. */
  prometheus?: PrometheusFlags;
}

/** The annotation that attaches KongPlugins / KongClusterPlugins to an Ingress. */
export const KONG_PLUGINS_ANNOTATION = 'konghq.com/plugins';

function flagsOf(plugin: KubeObject): PrometheusFlags {
  const config = (plugin as any).config ?? {};
  return {
    statusCode: config.status_code_metrics === true,
    latency: config.latency_metrics === true,
    bandwidth: config.bandwidth_metrics === true,
    upstreamHealth: config.upstream_health_metrics === true,
  };
}

const isPrometheus = (plugin: KubeObject | undefined) =>
  plugin !== undefined &&
  (plugin as any).plugin === 'prometheus' &&
  (plugin as any).disabled !== true;

/**
 * The prometheus plugin that applies to an Ingress: one named in its `konghq.com/plugins`
 * annotation (a KongPlugin in its namespace, else a KongClusterPlugin), else a KongClusterPlugin
 * labelled `global: "true"`.
 */
export function prometheusPluginFor(
  store: ClusterStore,
  ingress: KubeObject,
): PrometheusFlags | undefined {
  const pluginType = requireType(
    store,
    'configuration.konghq.com/v1',
    'KongPlugin',
  );
  const clusterPluginType = requireType(
    store,
    'configuration.konghq.com/v1',
    'KongClusterPlugin',
  );
  const names = (ingress.metadata.annotations?.[KONG_PLUGINS_ANNOTATION] ?? '')
    .split(',')
    .map(name => name.trim())
    .filter(Boolean);
  for (const name of names) {
    const plugin =
      store.get(pluginType, ingress.metadata.namespace, name) ??
      store.get(clusterPluginType, undefined, name);
    if (isPrometheus(plugin)) return flagsOf(plugin!);
  }
  const global = store
    .list(clusterPluginType, { labelSelector: 'global=true' })
    .find(isPrometheus);
  return global && flagsOf(global);
}

const isKongIngress = (ingress: KubeObject) =>
  (ingress.spec?.ingressClassName ??
    ingress.metadata.annotations?.['kubernetes.io/ingress.class']) === 'kong';

/** Every path of every Ingress of class `kong` that leads to a Service, in store order. */
export function kongIngressPaths(store: ClusterStore): KongIngressPath[] {
  const ingressType = requireType(store, 'networking.k8s.io/v1', 'Ingress');
  return store
    .list(ingressType)
    .filter(isKongIngress)
    .flatMap(ingress => {
      const prometheus = prometheusPluginFor(store, ingress);
      const rules: any[] = ingress.spec?.rules ?? [];
      return rules.flatMap((rule, ruleIndex) =>
        (rule.http?.paths ?? []).flatMap((path: any, pathIndex: number) => {
          const service = path.backend?.service;
          if (!service?.name) return [];
          return [
            {
              namespace: ingress.metadata.namespace!,
              ingress: ingress.metadata.name,
              ruleIndex,
              pathIndex,
              host: rule.host ?? '',
              service: service.name,
              port: service.port?.number ?? service.port?.name ?? 80,
              prometheus,
            },
          ];
        }),
      );
    });
}
