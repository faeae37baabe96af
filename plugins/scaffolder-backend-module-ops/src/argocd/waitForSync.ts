import { setTimeout as sleep } from 'node:timers/promises';
import {
  ArgoApplication,
  ArgoCdClient,
  UpstreamError,
} from '@internal/plugin-ops-node';

/** The status of an Application as the action reports it. */
export type ApplicationStatus = {
  syncStatus: string;
  healthStatus: string;
  /** Phase of the last sync operation, e.g. `Running`, `Failed`. */
  operationPhase?: string;
  /** The most specific message Argo CD gives (health, operation or condition). */
  message?: string;
};

/** Reads sync and health from an Application; `Unknown` when Argo CD has not reported yet. */
export function applicationStatus(app: ArgoApplication): ApplicationStatus {
  const status = app.status ?? {};
  return {
    syncStatus: status.sync?.status ?? 'Unknown',
    healthStatus: status.health?.status ?? 'Unknown',
    operationPhase: status.operationState?.phase,
    message:
      status.health?.message ??
      status.operationState?.message ??
      status.conditions?.find(c => c.message)?.message,
  };
}

/** Describes a status in one line, e.g. `sync OutOfSync, health Progressing (operation Running)`. */
export function describeStatus(status: ApplicationStatus): string {
  return `sync ${status.syncStatus}, health ${status.healthStatus}${
    status.operationPhase ? ` (operation ${status.operationPhase})` : ''
  }${status.message ? `: ${status.message}` : ''}`;
}

const pick = (value: Record<string, any> | undefined, keys: string[]) =>
  JSON.stringify(keys.map(k => value?.[k] ?? null));

/**
 * True when the status was computed for the spec that was just sent. Right after an update the
 * status still describes the old spec (Argo CD records what it compared in `sync.comparedTo`).
 */
export function statusReflectsSpec(
  app: ArgoApplication,
  spec: Record<string, any>,
): boolean {
  const comparedTo = app.status?.sync?.comparedTo;
  if (!comparedTo || !spec.source) {
    return true;
  }
  return (
    pick(comparedTo.source, ['repoURL', 'path', 'targetRevision']) ===
      pick(spec.source, ['repoURL', 'path', 'targetRevision']) &&
    pick(comparedTo.destination, ['server', 'name', 'namespace']) ===
      pick(spec.destination, ['server', 'name', 'namespace'])
  );
}

/** Options of {@link waitForSyncedAndHealthy}. */
export type WaitOptions = {
  client: ArgoCdClient;
  name: string;
  project: string;
  /** The spec that was sent, to ignore status computed for an older one. */
  spec: Record<string, any>;
  timeoutMs: number;
  pollIntervalMs: number;
  signal?: AbortSignal;
  /** Called whenever the status changes. */
  onStatus?: (status: ApplicationStatus) => void;
};

/**
 * Polls the Application until Argo CD reports it Synced and Healthy. Fails at once on Degraded
 * health or a failed sync operation, and after `timeoutMs` with the last status seen.
 */
export async function waitForSyncedAndHealthy(
  options: WaitOptions,
): Promise<ApplicationStatus> {
  const { client, name, project, timeoutMs, pollIntervalMs, signal } = options;
  const deadline = Date.now() + timeoutMs;
  let last: ApplicationStatus = {
    syncStatus: 'Unknown',
    healthStatus: 'Unknown',
  };
  let lastLine = '';
  for (;;) {
    const app = await client.getApplication(name, { project });
    if (!app) {
      throw new UpstreamError(
        `Argo CD no longer has Application '${name}' (deleted while waiting?)`,
      );
    }
    if (statusReflectsSpec(app, options.spec)) {
      last = applicationStatus(app);
      const line = describeStatus(last);
      if (line !== lastLine) {
        lastLine = line;
        options.onStatus?.(last);
      }
      if (last.syncStatus === 'Synced' && last.healthStatus === 'Healthy') {
        return last;
      }
      if (last.healthStatus === 'Degraded') {
        throw new UpstreamError(
          `Argo CD reports Application '${name}' as Degraded (${describeStatus(
            last,
          )})`,
        );
      }
      if (last.operationPhase === 'Failed' || last.operationPhase === 'Error') {
        throw new UpstreamError(
          `Argo CD could not sync Application '${name}' (${describeStatus(
            last,
          )})`,
        );
      }
    }
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      throw new UpstreamError(
        `Argo CD did not report Application '${name}' as Synced and Healthy within ${Math.round(
          timeoutMs / 1000,
        )} s; last status: ${describeStatus(last)}`,
      );
    }
    await sleep(Math.min(pollIntervalMs, remaining), undefined, { signal });
  }
}
