import { ClusterStore } from '../cluster/types';
import {
  reconcileDeploymentReplicaSets,
  updateDeploymentStatuses,
} from './deployments';
import { scaleHpaTargets, updateHpaStatuses } from './horizontalPodAutoscalers';
import { reconcileReplicaSets } from './replicaSets';
import { reconcileStatefulSets } from './statefulSets';

// Changes arrive in bursts (an Argo CD sync applies many objects); one pass after the burst is enough.
const WATCH_DEBOUNCE_MS = 50;

/**
 * A tiny controller manager and kubelet for the sandbox cluster: Deployments get ReplicaSets and
 * running Pods, StatefulSets get ordinal Pods, HorizontalPodAutoscalers keep their target in range
 * and report a fixed utilization. Every write is idempotent, so a pass over a settled cluster
 * changes nothing.
 */
export class WorkloadController {
  private readonly store: ClusterStore;
  private readonly intervalMs: number;
  private interval?: NodeJS.Timeout;
  private debounce?: NodeJS.Timeout;
  private unsubscribe?: () => void;
  private reconciling = false;

  constructor(options: { store: ClusterStore; intervalMs?: number }) {
    this.store = options.store;
    this.intervalMs = options.intervalMs ?? 1000;
  }

  /** Starts the periodic pass and the reaction to store changes. Idempotent. */
  start(): void {
    if (this.interval) return;
    this.interval = setInterval(() => this.safeReconcile(), this.intervalMs);
    this.interval.unref();
    this.unsubscribe = this.store.watch(() => this.scheduleReconcile());
    this.scheduleReconcile();
  }

  /** Stops all timers and the store subscription. */
  stop(): void {
    clearInterval(this.interval);
    clearTimeout(this.debounce);
    this.unsubscribe?.();
    this.interval = undefined;
    this.debounce = undefined;
    this.unsubscribe = undefined;
  }

  /** Runs one full, synchronous reconcile pass. */
  reconcileNow(): void {
    if (this.reconciling) return;
    this.reconciling = true;
    try {
      scaleHpaTargets(this.store);
      reconcileDeploymentReplicaSets(this.store);
      const podsByReplicaSet = reconcileReplicaSets(this.store);
      updateDeploymentStatuses(this.store, podsByReplicaSet);
      reconcileStatefulSets(this.store);
      updateHpaStatuses(this.store);
    } finally {
      this.reconciling = false;
    }
  }

  private scheduleReconcile() {
    // Events raised by this controller's own writes during a pass need no extra pass.
    if (this.reconciling || !this.interval) return;
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => this.safeReconcile(), WATCH_DEBOUNCE_MS);
    this.debounce.unref();
  }

  private safeReconcile() {
    try {
      this.reconcileNow();
    } catch (error) {
      // The next pass retries; one bad object must not stop the controller.
      process.emitWarning(`Workload reconcile failed: ${error}`);
    }
  }
}
