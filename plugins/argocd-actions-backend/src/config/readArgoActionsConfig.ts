import { Config } from '@backstage/config';
import {
  ArgoCdInstance,
  GitOpsSettings,
  readArgoCdInstance,
  readArgoCdWriter,
  readGitOpsConfig,
} from '@internal/plugin-ops-node';

const KEY = 'opsPortal.argocdActions';
const INSTANCE_KEY = `${KEY}.argocdInstance`;

/** Default timeout of each Argo CD request, in milliseconds. */
export const DEFAULT_TIMEOUT_MS = 5000;
/** Default timeout of a hard refresh, in milliseconds. */
export const DEFAULT_REFRESH_TIMEOUT_MS = 30_000;
/** Default timeout of each git command, in milliseconds. */
export const DEFAULT_GIT_TIMEOUT_MS = 30_000;

/** `opsPortal.argocdActions` and the blocks it points at, read and checked. */
export interface ArgoActionsSettings {
  /** The instance with its read-only token: `GET /state` and every read. */
  reader: ArgoCdInstance;
  /** The same instance with the writer token: sync, refresh, terminate, rollback. */
  writer: ArgoCdInstance;
  /** The GitOps repository of Git rollbacks; undefined when `opsPortal.gitops` is not set. */
  gitops?: GitOpsSettings;
  timeoutMs: number;
  refreshTimeoutMs: number;
  gitTimeoutMs: number;
}

function positive(
  block: Config | undefined,
  key: string,
  fallback: number,
): number {
  const value = block?.getOptionalNumber(key) ?? fallback;
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`Config '${KEY}.${key}' must be a positive number`);
  }
  return value;
}

/** The names of the instances of `argocd.appLocatorMethods` (type `config`). */
function configuredInstances(config: Config): string[] {
  return (config.getOptionalConfigArray('argocd.appLocatorMethods') ?? [])
    .filter(method => method.getOptionalString('type') === 'config')
    .flatMap(method => method.getOptionalConfigArray('instances') ?? [])
    .map(instance => instance.getOptionalString('name'))
    .filter((name): name is string => Boolean(name));
}

/**
 * Reads `opsPortal.argocdActions` (every key optional). The instance is named, not repeated: the
 * one of `argocdInstance`, or the only instance of `argocd.appLocatorMethods`; its URL and
 * read-only token come from there, its writer token from `opsPortal.argocd.writers` (required in
 * production). `opsPortal.gitops` is read when present: only the Git rollback needs it.
 */
export function readArgoActionsConfig(config: Config): ArgoActionsSettings {
  const block = config.getOptionalConfig(KEY);
  let name = block?.getOptionalString('argocdInstance');
  if (!name) {
    const instances = configuredInstances(config);
    if (instances.length !== 1) {
      throw new Error(
        `Missing config '${INSTANCE_KEY}': ${
          instances.length === 0
            ? 'argocd.appLocatorMethods (type config) has no instance for the Argo CD actions'
            : `argocd.appLocatorMethods has ${
                instances.length
              } instances (${instances.join(
                ', ',
              )}); name the one the Argo CD actions use`
        }`,
      );
    }
    name = instances[0];
  }
  return {
    reader: readArgoCdInstance(config, name, INSTANCE_KEY),
    writer: readArgoCdWriter(config, name, INSTANCE_KEY),
    gitops: config.has('opsPortal.gitops')
      ? readGitOpsConfig(config)
      : undefined,
    timeoutMs: positive(block, 'timeoutMs', DEFAULT_TIMEOUT_MS),
    refreshTimeoutMs: positive(
      block,
      'refreshTimeoutMs',
      DEFAULT_REFRESH_TIMEOUT_MS,
    ),
    gitTimeoutMs: positive(block, 'gitTimeoutMs', DEFAULT_GIT_TIMEOUT_MS),
  };
}
