import {
  AuthService,
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  Rollout,
  SubsetStatus,
  TrafficState,
} from '@internal/plugin-traffic-common';
import { EntityTrafficTargets } from '../services/EntityTrafficTargets';
import { TrafficEditService } from '../services/TrafficEditService';
import { TrafficStateReader } from '../services/TrafficStateReader';
import { isTrafficNotConfigured } from '../services/types';
import { CanaryAnalysisSource } from './CanaryAnalysisClient';
import {
  afterAnalysis,
  PendingEvent,
  planRolloutTick,
  RolloutChange,
} from './rolloutDecision';
import { RolloutStore } from './RolloutStore';

/** Options of {@link RolloutEngine}. */
export interface RolloutEngineOptions {
  store: RolloutStore;
  targets: EntityTrafficTargets;
  reader: TrafficStateReader;
  editor: TrafficEditService;
  analysis: CanaryAnalysisSource;
  auth: AuthService;
  logger: LoggerService;
  /** How long a written step may take to be live before the rollout pauses. */
  waitTimeoutMs: number;
  now?: () => Date;
}

/** The `destination_version` a subset's pods report: its `version` label, else its name. */
export function subsetVersion(subsets: SubsetStatus[], name: string): string {
  return subsets.find(s => s.name === name)?.labels.version ?? name;
}

/**
 * The step loop. Each {@link RolloutEngine.tick} (run by the scheduler, on one replica at a time)
 * looks at every running rollout once: reads the entity's traffic state, lets
 * {@link planRolloutTick} decide, analyses the canary's interval when one is due, writes weights
 * through {@link TrafficEditService.saveForRollout} (the way a manual save writes them) and then
 * stores the rollout at the revision it read. The decision is taken against what Git (or the
 * cluster) holds, so that a tick cut short after its write finds the weights in place on the next
 * run and does not write them again. One rollout's failure is logged and kept in its message; the
 * others go on.
 */
export class RolloutEngine {
  private readonly now: () => Date;

  constructor(private readonly options: RolloutEngineOptions) {
    this.now = options.now ?? (() => new Date());
  }

  async tick(): Promise<void> {
    const running = await this.options.store.running();
    for (const rollout of running) {
      try {
        await this.advance(rollout);
      } catch (error) {
        await this.recordFailure(rollout, error as Error);
      }
    }
  }

  /** One look at one rollout; answers it as stored afterwards. */
  async advance(rollout: Rollout): Promise<Rollout> {
    const { targets, reader, auth } = this.options;
    const credentials = await auth.getOwnServiceCredentials();
    const target = await targets.resolve(rollout.entityRef, credentials);
    const snapshot = isTrafficNotConfigured(target)
      ? target
      : await reader.read(target);
    if (isTrafficNotConfigured(snapshot)) {
      const message = `Paused: ${snapshot.notConfigured.message}`;
      return this.options.store.update(rollout, { status: 'paused', message }, [
        { kind: 'paused', message },
      ]);
    }
    const { state } = snapshot;
    const now = this.now();
    const tick = planRolloutTick(
      rollout,
      {
        subsets: state.subsets.map(s => s.name),
        desired: state.desired.weights,
        live: state.live.weights,
        sync: state.sync,
      },
      { now, waitTimeoutMs: this.options.waitTimeoutMs },
    );
    if (tick.kind === 'idle') return rollout;
    const change =
      tick.kind === 'analyse'
        ? await this.analyse(rollout, state, now)
        : tick.change;
    return this.apply(rollout, state, change, credentials);
  }

  private async analyse(
    rollout: Rollout,
    state: TrafficState,
    now: Date,
  ): Promise<RolloutChange> {
    const result = await this.options.analysis.analyse({
      entityRef: rollout.entityRef,
      version: subsetVersion(state.subsets, rollout.canarySubset),
      intervalSeconds: rollout.plan.intervalSeconds,
      thresholds: rollout.plan.thresholds,
      end: Math.floor(now.getTime() / 1000),
    });
    if ('notConfigured' in result) {
      const message = `Paused: no analysis, ${result.notConfigured.message}`;
      return {
        set: { status: 'paused', message },
        events: [{ kind: 'paused', message }],
      };
    }
    return afterAnalysis(rollout, result.verdict, now);
  }

  /** Writes the change's weights (if any), then stores the rollout. */
  private async apply(
    rollout: Rollout,
    state: TrafficState,
    change: RolloutChange,
    credentials: BackstageCredentials,
  ): Promise<Rollout> {
    let events: PendingEvent[] = change.events;
    if (change.write) {
      const step = `step ${rollout.stepIndex + 1}/${rollout.plan.steps.length}`;
      const saved = await this.options.editor.saveForRollout(
        {
          entityRef: rollout.entityRef,
          policy: {
            weights: change.write,
            resilience: state.desired.resilience,
          },
          baseVersion: state.version,
        },
        {
          rolloutId: rollout.id,
          userRef: rollout.startedBy,
          note: `rollout ${rollout.id.slice(0, 8)} ${
            rollout.phase === 'apply' ? step : rollout.phase
          }`,
          credentials,
        },
      );
      if (saved.commit) {
        // The first event of a write is the one the commit carried.
        events = events.map((event, index) =>
          index === 0 ? { ...event, commit: saved.commit } : event,
        );
      }
    }
    return this.options.store.update(rollout, change.set, events);
  }

  /**
   * A tick that failed (an upstream down, a conflict with a person's save): logged, and the
   * rollout's message says so; it stays where it was and the next tick tries again.
   */
  private async recordFailure(rollout: Rollout, error: Error): Promise<void> {
    this.options.logger.warn(
      `Rollout ${rollout.id} of ${rollout.entityRef}: ${error.message}`,
    );
    try {
      const current = await this.options.store.get(rollout.id);
      if (current.status !== 'running') return;
      await this.options.store.update(
        current,
        { message: `Retrying: ${error.message}` },
        [],
      );
    } catch (storeError) {
      this.options.logger.warn(
        `Rollout ${rollout.id}: could not record the failure: ${
          (storeError as Error).message
        }`,
      );
    }
  }
}
