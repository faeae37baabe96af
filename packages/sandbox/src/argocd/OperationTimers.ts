import { KubeObject } from '../cluster/types';

/**
 * The per-Application annotation that makes the stand-in's requested operations (sync, rollback)
 * stay `Running` that many milliseconds before they apply, overriding the reconciler's
 * `operationDelayMs`: how a test (or a developer) gets an operation it can watch and cancel.
 */
export const OPERATION_DELAY_ANNOTATION =
  'sandbox.ops-portal/operation-delay-ms';

/** The delay of an Application's requested operations: its annotation, else the default. */
export function operationDelayOf(app: KubeObject, defaultMs: number): number {
  const raw = app.metadata.annotations?.[OPERATION_DELAY_ANNOTATION];
  const value = raw === undefined ? NaN : Number(raw);
  return Number.isFinite(value) && value >= 0 ? value : defaultMs;
}

interface PendingOperation {
  uid: string;
  dueAt: number;
  timer: NodeJS.Timeout;
}

/**
 * When each requested operation is due: an operation stays `Running` until its delay has passed,
 * then `onDue` runs for its Application (the reconciler applies it). One pending operation per
 * Application, as Argo CD allows one.
 */
export class OperationTimers {
  private readonly pending = new Map<string, PendingOperation>();

  constructor(private readonly onDue: (name: string) => void) {}

  /** Starts the clock of the operation of one Application (by name and uid). */
  schedule(name: string, uid: string, delayMs: number): void {
    this.cancel(name);
    const entry: PendingOperation = {
      uid,
      dueAt: Date.now() + delayMs,
      timer: setTimeout(() => {
        // Due now, whatever the wall clock says (timers and Date.now() may disagree by a ms).
        entry.dueAt = 0;
        this.onDue(name);
      }, delayMs),
    };
    this.pending.set(name, entry);
  }

  /** Makes the operation due at once (termination) and runs `onDue` soon. */
  hurry(name: string, uid: string): void {
    this.schedule(name, uid, 0);
  }

  /**
   * True when the Application's operation may run now: its delay has passed, or it was not
   * started through the API (an `operation` written straight into the cluster).
   */
  isDue(app: KubeObject): boolean {
    const entry = this.pending.get(app.metadata.name);
    return (
      !entry || entry.uid !== app.metadata.uid || entry.dueAt <= Date.now()
    );
  }

  /** Forgets the Application's operation (it ended, or the Application is gone). */
  cancel(name: string): void {
    const entry = this.pending.get(name);
    if (entry) {
      clearTimeout(entry.timer);
      this.pending.delete(name);
    }
  }

  /** Forgets every operation (the reconciler stops). */
  clear(): void {
    for (const name of [...this.pending.keys()]) {
      this.cancel(name);
    }
  }
}
