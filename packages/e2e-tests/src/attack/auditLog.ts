import { readFileSync, statSync } from 'node:fs';
import { poll } from '../harness/poll';

/** One audit event as the backend's auditor writes it (a JSON line with `isAuditEvent: true`). */
export interface AuditEvent {
  isAuditEvent: true;
  plugin: string;
  eventId: string;
  status?: 'initiated' | 'succeeded' | 'failed';
  severityLevel?: string;
  actor?: { actorId?: string };
  request?: { url?: string; method?: string };
  meta?: Record<string, unknown>;
  error?: unknown;
  [field: string]: unknown;
}

/** The audit events of a backend log file, read from a byte offset on. */
export class AuditLog {
  constructor(private readonly file: string) {}

  /** The current end of the log: events after it belong to what happens next. */
  mark(): number {
    return statSync(this.file).size;
  }

  eventsSince(offset: number): AuditEvent[] {
    const text = readFileSync(this.file).subarray(offset).toString('utf8');
    const events: AuditEvent[] = [];
    for (const line of text.split('\n')) {
      if (!line.startsWith('{') || !line.includes('"isAuditEvent"')) continue;
      try {
        const parsed = JSON.parse(line);
        if (parsed.isAuditEvent === true) events.push(parsed);
      } catch {
        // a line cut in the middle of a write; the next read sees it whole
      }
    }
    return events;
  }

  /** Waits until an event after `offset` matches; the log is written asynchronously. */
  async waitFor(
    offset: number,
    what: string,
    match: (event: AuditEvent) => boolean,
  ): Promise<AuditEvent> {
    try {
      return await poll(
        `an audit event: ${what}`,
        async () => this.eventsSince(offset).find(match),
        { timeoutMs: 15_000, intervalMs: 200 },
      );
    } catch (e) {
      const seen = this.eventsSince(offset)
        .map(
          ev =>
            `${ev.plugin}/${ev.eventId} ${ev.status ?? ''} ${
              ev.actor?.actorId ?? ''
            }`,
        )
        .join('; ');
      throw new Error(
        `${(e as Error).message}; events seen: ${seen || 'none'}`,
      );
    }
  }
}

/** A refusal by the permission policy for this user. */
export function permissionDenied(userRef: string) {
  return (e: AuditEvent) =>
    e.plugin === 'permission' &&
    e.eventId === 'permission-denied' &&
    JSON.stringify(e).includes(userRef);
}

/** A failed audit event of `plugin` (optionally one eventId) that mentions `text` somewhere. */
export function failedEvent(plugin: string, text: string, eventId?: string) {
  return (e: AuditEvent) =>
    e.plugin === plugin &&
    e.status === 'failed' &&
    (eventId === undefined || e.eventId === eventId) &&
    JSON.stringify(e).includes(text);
}

/**
 * A refused Argo CD action of the Ops tab (`argocd-actions` plugin): its event
 * (`argocd-<action>`) failed for this user, with `outcome: refused` and the reason
 * (`denied`: the portal's permission, `invalid`: the body, ...).
 */
export function argoActionRefusal(
  userRef: string,
  action: string,
  reason: string,
) {
  return (e: AuditEvent) =>
    e.plugin === 'argocd-actions' &&
    e.eventId === `argocd-${action}` &&
    e.status === 'failed' &&
    e.actor?.actorId === userRef &&
    e.meta?.outcome === 'refused' &&
    e.meta?.reason === reason;
}
