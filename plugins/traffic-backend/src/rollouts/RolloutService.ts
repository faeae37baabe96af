import type { Request } from 'express';
import {
  AuditorService,
  BackstageCredentials,
  BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotAllowedError } from '@backstage/errors';
import { JsonObject } from '@backstage/types';
import { opsTrafficUpdatePermission } from '@internal/plugin-ops-common';
import {
  canaryWeightOf,
  isActiveRollout,
  Rollout,
  RolloutAction,
  RolloutsResponse,
  RolloutStartRequest,
  TrafficState,
  withPlanDefaults,
} from '@internal/plugin-traffic-common';
import {
  EntityTrafficTargets,
  TrafficTarget,
} from '../services/EntityTrafficTargets';
import { NamespaceOwnership } from '../services/NamespaceOwnership';
import { TrafficAuthorizer } from '../services/TrafficAuthorizer';
import { TrafficStateReader } from '../services/TrafficStateReader';
import { isTrafficNotConfigured } from '../services/types';
import { audited, rawEntityRef } from '../services/audited';
import { PendingEvent, RolloutFields } from './rolloutDecision';
import { RolloutStore } from './RolloutStore';

/** Who asks: a signed-in user, and the HTTP request for the audit log. */
export interface RolloutCaller {
  credentials: BackstageCredentials<BackstageUserPrincipal>;
  request?: Request;
}

/** Options of {@link RolloutService}. */
export interface RolloutServiceOptions {
  store: RolloutStore;
  targets: EntityTrafficTargets;
  reader: TrafficStateReader;
  authorizer: TrafficAuthorizer;
  namespaces: NamespaceOwnership;
  auditor: AuditorService;
  /** Shortest interval a plan may ask for here (`opsPortal.traffic.rollouts.minIntervalSeconds`). */
  minIntervalSeconds: number;
  now?: () => Date;
}

type Transition = {
  set: Partial<RolloutFields>;
  events: PendingEvent[];
};

/**
 * The owner actions on progressive rollouts: start, pause, resume, abort and "promote now". Each
 * resolves the entity as the caller, needs `ops.traffic.update` on it (the permission of a weight
 * change) and its namespace to be its owner's, is audited (`traffic-rollout`: who, entity,
 * action, outcome), and changes the stored rollout only at the revision the caller saw. None of
 * them writes weights itself: the step loop ({@link RolloutEngine}) carries out the phase they
 * set on its next tick, on the one replica that runs it.
 */
export class RolloutService {
  private readonly now: () => Date;

  constructor(private readonly options: RolloutServiceOptions) {
    this.now = options.now ?? (() => new Date());
  }

  /** Audits a request the router refused before it reached this service (its body did not parse). */
  async refuseInvalid(
    action: string,
    body: unknown,
    caller: RolloutCaller,
    error: InputError,
  ): Promise<void> {
    const entityRef = rawEntityRef(body) ?? '';
    await this.audited(action, entityRef, caller, async context => {
      context.outcome = 'invalid';
      throw error;
    }).catch(() => undefined);
  }

  /** `GET /rollouts?entityRef=`. */
  async list(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<RolloutsResponse> {
    const target = await this.options.targets.resolve(entityRef, credentials, {
      shared: true,
    });
    if (isTrafficNotConfigured(target)) return { recent: [] };
    return this.options.store.forEntity(target.entityRef);
  }

  /** `POST /rollouts`. */
  async start(
    request: RolloutStartRequest,
    caller: RolloutCaller,
  ): Promise<Rollout> {
    return this.audited('start', request.entityRef, caller, async context => {
      const target = await this.authorized(request.entityRef, caller);
      const plan = withPlanDefaults(request.plan);
      if (plan.intervalSeconds < this.options.minIntervalSeconds) {
        throw new InputError(
          `plan.intervalSeconds must be at least ${this.options.minIntervalSeconds} here (opsPortal.traffic.rollouts.minIntervalSeconds)`,
        );
      }
      const state = await this.readState(target);
      const stableSubset = this.checkSubsets(request, state);
      context.canarySubset = request.canarySubset;
      context.stableSubset = stableSubset;
      const canaryWeight = canaryWeightOf(
        state.desired.weights,
        request.canarySubset,
      );
      const message = `Started by ${
        caller.credentials.principal.userEntityRef
      }: ${request.canarySubset} in steps of ${plan.steps.join(', ')}%, ${
        plan.intervalSeconds
      } s each`;
      const rollout = await this.options.store.insert({
        entityRef: target.entityRef,
        canarySubset: request.canarySubset,
        stableSubset,
        plan,
        status: 'running',
        phase: 'apply',
        stepIndex: 0,
        failedChecks: 0,
        phaseSince: this.now().toISOString(),
        expectedWeights: state.desired.weights,
        message,
        startedBy: caller.credentials.principal.userEntityRef,
        events: [
          {
            kind: 'started',
            weight: canaryWeight,
            actor: caller.credentials.principal.userEntityRef,
            message,
          },
        ],
      });
      context.rolloutId = rollout.id;
      return rollout;
    });
  }

  /** `POST /rollouts/:id/<action>`. */
  async act(
    id: string,
    action: RolloutAction,
    revision: number,
    caller: RolloutCaller,
  ): Promise<Rollout> {
    const rollout = await this.options.store.get(id);
    return this.audited(action, rollout.entityRef, caller, async context => {
      context.rolloutId = id;
      const target = await this.authorized(rollout.entityRef, caller);
      if (rollout.revision !== revision) {
        throw new ConflictError(
          `The rollout changed since you loaded it (revision ${revision}, now ${rollout.revision}); review it and try again`,
        );
      }
      const actor = caller.credentials.principal.userEntityRef;
      const transition =
        action === 'resume'
          ? await this.resumeTransition(rollout, target, actor)
          : this.transition(rollout, action, actor);
      return this.options.store.update(
        rollout,
        transition.set,
        transition.events,
      );
    });
  }

  private transition(
    rollout: Rollout,
    action: Exclude<RolloutAction, 'resume'>,
    actor: string,
  ): Transition {
    if (!isActiveRollout(rollout)) {
      throw new ConflictError(
        `The rollout has ended (${rollout.status}); there is nothing to ${action}`,
      );
    }
    const now = this.now().toISOString();
    switch (action) {
      case 'pause': {
        if (rollout.status === 'paused') {
          throw new ConflictError('The rollout is already paused');
        }
        if (!['apply', 'wait', 'analyse'].includes(rollout.phase)) {
          throw new ConflictError(
            `The rollout is finishing (${rollout.phase}); it cannot be paused`,
          );
        }
        const message = `Paused by ${actor}`;
        return {
          set: { status: 'paused', message },
          events: [{ kind: 'paused', actor, message }],
        };
      }
      case 'abort': {
        const message = `Abort requested by ${actor}: all traffic goes back to ${rollout.stableSubset}`;
        return {
          set: { status: 'running', phase: 'abort', phaseSince: now, message },
          events: [{ kind: 'abort-requested', actor, message }],
        };
      }
      case 'promote':
      default: {
        const message = `Promotion requested by ${actor}: all traffic goes to ${rollout.canarySubset}`;
        return {
          set: {
            status: 'running',
            phase: 'promote',
            phaseSince: now,
            message,
          },
          events: [{ kind: 'promote-requested', actor, message }],
        };
      }
    }
  }

  /**
   * A resume goes on from the current step and takes the weights as they are now as its own (a
   * person's edit that paused it is accepted as the starting point of the step's write).
   */
  private async resumeTransition(
    rollout: Rollout,
    target: TrafficTarget,
    actor: string,
  ): Promise<Transition> {
    if (rollout.status !== 'paused') {
      throw new ConflictError(
        rollout.status === 'running'
          ? 'The rollout is already running'
          : `The rollout has ended (${rollout.status}); start a new one`,
      );
    }
    const state = await this.readState(target);
    const resumeAt =
      rollout.phase === 'wait' || rollout.phase === 'analyse'
        ? 'apply'
        : rollout.phase;
    const message = `Resumed by ${actor} at step ${rollout.stepIndex + 1}/${
      rollout.plan.steps.length
    }`;
    return {
      set: {
        status: 'running',
        phase: resumeAt,
        phaseSince: this.now().toISOString(),
        expectedWeights: state.desired.weights,
        message,
      },
      events: [{ kind: 'resumed', actor, message }],
    };
  }

  /** The stable subset, after checking both subsets against the entity's state. */
  private checkSubsets(request: RolloutStartRequest, state: TrafficState) {
    const names = state.subsets.map(s => s.name);
    const unknown = [request.canarySubset, request.stableSubset].filter(
      (name): name is string => name !== undefined && !names.includes(name),
    );
    if (unknown.length > 0) {
      throw new InputError(
        `${state.entityRef} has no subset ${unknown.join(
          ', ',
        )} (its DestinationRule has ${names.join(', ')})`,
      );
    }
    const stableSubset =
      request.stableSubset ??
      [...state.desired.weights]
        .filter(w => w.subset !== request.canarySubset)
        .sort((a, b) => b.weight - a.weight)[0]?.subset;
    if (!stableSubset) {
      throw new InputError(
        `${state.entityRef} needs a second subset to roll ${request.canarySubset} out against`,
      );
    }
    const canary = state.subsets.find(s => s.name === request.canarySubset)!;
    if (canary.readyPods === 0) {
      throw new InputError(
        `Subset ${request.canarySubset} has no ready pods; deploy it before rolling traffic to it`,
      );
    }
    if (
      state.management.mode === 'git' &&
      state.management.publishMode !== 'commit'
    ) {
      throw new InputError(
        'Rollouts need opsPortal.gitops.publishMode commit: each step must reach the tracked branch to go live',
      );
    }
    return stableSubset;
  }

  private async authorized(
    entityRef: string,
    caller: RolloutCaller,
  ): Promise<TrafficTarget> {
    const target = await this.options.targets.resolve(
      entityRef,
      caller.credentials,
    );
    if (isTrafficNotConfigured(target)) {
      throw new InputError(target.notConfigured.message);
    }
    const allowed = await this.options.authorizer.allowedEdits(
      target.entityRef,
      caller.credentials,
    );
    if (!allowed.granted.includes(opsTrafficUpdatePermission.name)) {
      throw new NotAllowedError(
        `You may not roll out traffic on ${target.entityRef} (${opsTrafficUpdatePermission.name}): only its owners and the admin groups may`,
      );
    }
    await this.options.namespaces.check(target);
    return target;
  }

  private async readState(target: TrafficTarget): Promise<TrafficState> {
    const snapshot = await this.options.reader.read(target);
    if (isTrafficNotConfigured(snapshot)) {
      throw new InputError(snapshot.notConfigured.message);
    }
    return snapshot.state;
  }

  /** One `traffic-rollout` audit event around an action, failures included. */
  private async audited<T>(
    action: string,
    entityRef: string,
    caller: RolloutCaller,
    run: (context: JsonObject) => Promise<T>,
  ): Promise<T> {
    const context: JsonObject = {
      actor: caller.credentials.principal.userEntityRef,
      entityRef,
      action,
    };
    return audited(
      this.options.auditor,
      { eventId: 'traffic-rollout', request: caller.request, context },
      () => run(context),
    );
  }
}
