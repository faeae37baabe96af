import {
  KongPluginScope,
  KongPluginSummary,
  kongPluginKeySettings,
} from '@internal/plugin-kong-common';
import { KubeObject } from './KubernetesReader';

function secretRef(ref: any): string | undefined {
  const key = ref?.secretKeyRef;
  if (!key?.name) return undefined;
  return key.namespace ? `${key.namespace}/${key.name}` : key.name;
}

/**
 * Where a KongPlugin's secret settings come from, by reference only: `configFrom` and
 * `configPatches` name Secrets whose values this plugin never reads.
 */
export function secretSources(plugin: KubeObject): string[] {
  const sources: string[] = [];
  const from = secretRef(plugin.configFrom);
  if (from) sources.push(`config: secret from Secret ${from}`);
  for (const patch of plugin.configPatches ?? []) {
    const ref = secretRef(patch?.valueFrom);
    if (ref) sources.push(`${patch.path}: secret from Secret ${ref}`);
  }
  return sources;
}

/**
 * A KongPlugin or KongClusterPlugin as the card shows it: key settings from `config` only, the
 * Secrets behind `configFrom`/`configPatches` by name, never their values.
 */
export function pluginSummary(
  object: KubeObject,
  scope: KongPluginScope,
  appliesTo: string[],
): KongPluginSummary {
  const plugin = String(object.plugin ?? 'unknown');
  const settings = kongPluginKeySettings(plugin, object.config);
  const secrets = secretSources(object);
  return {
    name: object.metadata?.name ?? plugin,
    plugin,
    scope,
    appliesTo,
    enabled: object.disabled !== true,
    settings: secrets.length ? { ...settings, secrets } : settings,
    warnings: [],
  };
}
