import type { Request } from 'express';
import {
  AuditorService,
  BackstageCredentials,
  BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { JsonObject } from '@backstage/types';
import {
  subsetProblems,
  TrafficChange,
  trafficChange,
  TrafficDiffFile,
  trafficPoliciesEqual,
  TrafficPreview,
  TrafficSaveRequest,
} from '@internal/plugin-traffic-common';
import { KeyedMutex } from '@internal/plugin-ops-node';
import { opsTrafficUpdatePermission } from '@internal/plugin-ops-common';
import { stringify } from 'yaml';
import { TrafficConflictError } from '../errors';
import { audited, auditOutcome, rawEntityRef } from './audited';
import { LiveIstioObject } from '../kubernetes/KubernetesTrafficClient';
import { ClusterTrafficWriter } from './ClusterTrafficWriter';
import { EntityTrafficTargets, TrafficTarget } from './EntityTrafficTargets';
import { BaseMovedError, GitTrafficWriter } from './GitTrafficWriter';
import { NamespaceOwnership } from './NamespaceOwnership';
import { AllowedEdits, TrafficAuthorizer } from './TrafficAuthorizer';
import { TrafficSnapshot, TrafficStateReader } from './TrafficStateReader';
import { isTrafficNotConfigured, TrafficSaveResponse } from './types';

/** Who asks: a signed-in user, and the HTTP request for the audit log. */
export interface TrafficCaller {
  credentials: BackstageCredentials<BackstageUserPrincipal>;
  request?: Request;
}

/** A rollout writing a step: which one, the user it acts for, and what the commit says. */
export interface RolloutActor {
  rolloutId: string;
  userRef: string;
  /** E.g. `rollout 3f2a… step 2/4`. */
  note: string;
  /** The plugin's own credentials, to resolve the entity. */
  credentials: BackstageCredentials;
}

/** Options of {@link TrafficEditService}. */
export interface TrafficEditServiceOptions {
  targets: EntityTrafficTargets;
  reader: TrafficStateReader;
  authorizer: TrafficAuthorizer;
  namespaces: NamespaceOwnership;
  gitWriter: GitTrafficWriter;
  clusterWriter: ClusterTrafficWriter;
  auditor: AuditorService;
}

/** A request's entity, and what the caller may change on it. */
interface AuthorizedTarget {
  target: TrafficTarget;
  allowed: AllowedEdits;
}

/** The audit event ids: one per kind of edit request. */
export type TrafficEditEventId = 'traffic-update' | 'traffic-preview';

/** The audit event's meta, filled in as a save progresses. */
type AuditContext = JsonObject;

const CONFLICT_MESSAGE =
  'The traffic policy changed since the edit started; review the current state and apply the edit again';

function specYaml(object: LiveIstioObject): string {
  return stringify(object.spec ?? {}, { lineWidth: 0 });
}

function asJson(value: unknown): JsonObject {
  return JSON.parse(JSON.stringify(value));
}

/**
 * Preview and save of traffic edits. The router parses the request (zod,
 * `trafficSaveRequestSchema`); here the entity is resolved once through the catalog as the caller,
 * then, before any upstream is read (cluster, Argo CD, GitOps repository), the caller must hold a
 * traffic permission on the entity and the target namespace must belong to the entity's owner
 * ({@link NamespaceOwnership}). A save then takes the entity's lock (saves run one at a time per
 * entity) and reads the current state once; against that one read, each changed part is checked
 * against the caller's permissions and the subsets against their pods; a policy that is already
 * desired is `unchanged` (idempotent); any other save must start from the current state version
 * (else 409 with the current state) and goes to the GitOps repository (git mode) or the cluster
 * (direct mode); the state is read again only for the response. Each save writes one audit event,
 * `traffic-update`: who, entity, before, after, mode, commit or resourceVersions, force, outcome —
 * failures, denials, invalid requests and conflicts included. A refused preview (invalid or
 * denied) writes a `traffic-preview` event.
 */
export class TrafficEditService {
  private readonly entityLocks = new KeyedMutex();

  constructor(private readonly options: TrafficEditServiceOptions) {}

  /**
   * Audits a request the router refused before it reached this service (it did not parse):
   * a failed `eventId` event with outcome `invalid`.
   */
  async refuseInvalid(
    eventId: TrafficEditEventId,
    body: unknown,
    caller: TrafficCaller,
    error: InputError,
  ): Promise<void> {
    await this.auditRefusal(
      eventId,
      caller,
      rawContext(body, caller),
      error,
      'invalid',
    );
  }

  /** `POST /preview`: what a save would change, file by file; writes nothing. */
  async preview(
    request: TrafficSaveRequest,
    caller: TrafficCaller,
  ): Promise<TrafficPreview> {
    const context = requestContext(request, caller);
    try {
      return await this.previewUnaudited(request, caller, context);
    } catch (error) {
      const outcome = auditOutcome(error);
      if (outcome === 'denied' || outcome === 'invalid') {
        await this.auditRefusal(
          'traffic-preview',
          caller,
          context,
          error as Error,
          outcome,
        );
      }
      throw error;
    }
  }

  /** One failed audit event for a refused request: its context, and the outcome on failure. */
  private async auditRefusal(
    eventId: TrafficEditEventId,
    caller: TrafficCaller,
    context: AuditContext,
    error: Error,
    outcome: 'denied' | 'invalid',
  ): Promise<void> {
    const event = await this.options.auditor.createEvent({
      eventId,
      severityLevel: 'medium',
      request: caller.request,
      meta: { ...context },
    });
    await event.fail({ error, meta: { ...context, outcome } });
  }

  private async previewUnaudited(
    request: TrafficSaveRequest,
    caller: TrafficCaller,
    context: AuditContext,
  ): Promise<TrafficPreview> {
    const { target, allowed } = await this.authorizedTarget(
      request,
      caller,
      context,
    );
    const snapshot = await this.readConfigured(target);
    const change = this.checkEdit(request, snapshot, allowed, context);
    if (!trafficPoliciesEqual(request.policy, snapshot.state.desired)) {
      this.checkBase(snapshot, request);
    }
    const files: TrafficDiffFile[] = snapshot.git
      ? this.options.gitWriter.edit(snapshot, request.policy)
      : this.options.clusterWriter.changes(snapshot, request.policy).map(c => ({
          path: `${c.kind}/${c.before.metadata.name}`,
          before: specYaml(c.before),
          after: specYaml(c.after),
        }));
    return { mode: snapshot.state.management.mode, change, files };
  }

  /** `PUT /policy`: saves the policy; see the class description. */
  async save(
    request: TrafficSaveRequest,
    caller: TrafficCaller,
  ): Promise<TrafficSaveResponse> {
    const context = requestContext(request, caller);
    return audited(
      this.options.auditor,
      { eventId: 'traffic-update', request: caller.request, context },
      () => this.saveAudited(request, caller, context),
    );
  }

  private async saveAudited(
    request: TrafficSaveRequest,
    caller: TrafficCaller,
    context: AuditContext,
  ): Promise<TrafficSaveResponse> {
    const { target, allowed } = await this.authorizedTarget(
      request,
      caller,
      context,
    );
    return this.writeLocked(target, allowed, request, context, {
      userRef: caller.credentials.principal.userEntityRef,
    });
  }

  /**
   * A rollout step's write (weights only): the same lock, single read, subset checks, base
   * version check, write and `traffic-update` audit event as a manual save. The owner's permission
   * was checked when they started (or resumed) the rollout; here the entity is resolved with the
   * plugin's own credentials, its namespace must still be its owner's, and the event names the
   * rollout and the user it acts for. The commit says which rollout and step it carries.
   */
  async saveForRollout(
    request: TrafficSaveRequest,
    rollout: RolloutActor,
  ): Promise<TrafficSaveResponse> {
    const context: AuditContext = {
      actor: `rollout:${rollout.rolloutId}`,
      onBehalfOf: rollout.userRef,
      entityRef: request.entityRef,
      force: false,
      after: asJson(request.policy),
    };
    return audited(
      this.options.auditor,
      { eventId: 'traffic-update', context },
      async () => {
        const target = await this.options.targets.resolve(
          request.entityRef,
          rollout.credentials,
        );
        if (isTrafficNotConfigured(target)) {
          throw new InputError(target.notConfigured.message);
        }
        context.namespace = target.namespace;
        await this.options.namespaces.check(target);
        return this.writeLocked(
          target,
          {
            entityRef: target.entityRef,
            granted: [opsTrafficUpdatePermission.name],
          },
          request,
          context,
          { userRef: rollout.userRef, rollout: rollout.note },
        );
      },
    );
  }

  /** Under the entity's lock: one read, the checks against it, the write, a re-read. */
  private async writeLocked(
    target: TrafficTarget,
    allowed: AllowedEdits,
    request: TrafficSaveRequest,
    context: AuditContext,
    author: { userRef: string; rollout?: string },
  ): Promise<TrafficSaveResponse> {
    return this.entityLocks.run(target.entityRef, async () => {
      // The one read of the state this save is checked against and writes over.
      const snapshot = await this.readConfigured(target);
      const change = this.checkEdit(request, snapshot, allowed, context);
      const { state } = snapshot;
      // A policy that is already desired overwrites nothing: a repeated save is `unchanged`
      // whatever its base. Anything else must start from the current state.
      if (trafficPoliciesEqual(request.policy, state.desired)) {
        context.outcome = 'unchanged';
        return {
          outcome: 'unchanged',
          mode: state.management.mode,
          state,
          warnings: [],
        };
      }
      this.checkBase(snapshot, request);
      try {
        if (snapshot.git) {
          const written = await this.options.gitWriter.write(snapshot, {
            policy: request.policy,
            change,
            userRef: author.userRef,
            rollout: author.rollout,
            force: request.force === true,
          });
          Object.assign(context, written);
          const fresh = await this.readConfigured(target);
          return {
            outcome: written.outcome,
            mode: 'git',
            commit: written.commit,
            branch: written.branch,
            state: fresh.state,
            warnings: written.warnings,
          };
        }
        const resourceVersions = await this.options.clusterWriter.write(
          snapshot,
          request.policy,
        );
        Object.assign(context, { outcome: 'written', resourceVersions });
        const fresh = await this.readConfigured(target);
        return {
          outcome: 'written',
          mode: 'direct',
          state: fresh.state,
          warnings: [],
        };
      } catch (error) {
        if (!(error instanceof BaseMovedError)) throw error;
        const fresh = await this.readConfigured(target);
        throw new TrafficConflictError(CONFLICT_MESSAGE, fresh.state);
      }
    });
  }

  /**
   * Resolves the entity (once) and checks, before any upstream is read, that the caller may
   * edit it and that its namespace is its owner's.
   */
  private async authorizedTarget(
    request: TrafficSaveRequest,
    caller: TrafficCaller,
    context: AuditContext,
  ): Promise<AuthorizedTarget> {
    const target = await this.options.targets.resolve(
      request.entityRef,
      caller.credentials,
    );
    if (isTrafficNotConfigured(target)) {
      throw new InputError(target.notConfigured.message);
    }
    context.entityRef = target.entityRef;
    context.namespace = target.namespace;
    const allowed = await this.options.authorizer.allowedEdits(
      target.entityRef,
      caller.credentials,
    );
    await this.options.namespaces.check(target);
    return { target, allowed };
  }

  /**
   * The checks that need the current state: the changed parts against the caller's permissions,
   * and the subsets the weights go to against their pods. Answers the change.
   */
  private checkEdit(
    request: TrafficSaveRequest,
    snapshot: TrafficSnapshot,
    allowed: AllowedEdits,
    context: AuditContext,
  ): TrafficChange {
    const { state } = snapshot;
    context.mode = state.management.mode;
    context.before = asJson(state.desired);
    const change = trafficChange(state.desired, request.policy);
    context.change = asJson(change);
    this.options.authorizer.authorize(allowed, change);

    const problems = subsetProblems(
      request.policy,
      state.subsets,
      state.desired,
    );
    const blocking = problems.filter(
      p =>
        p.kind === 'unknown-subset' ||
        (p.kind === 'no-ready-pods' && !request.force),
    );
    if (blocking.length > 0) {
      throw new InputError(blocking.map(p => p.message).join('; '));
    }
    context.forcedSubsets = problems
      .filter(p => p.kind === 'no-ready-pods')
      .map(p => p.subset);
    return change;
  }

  private async readConfigured(
    target: TrafficTarget,
  ): Promise<TrafficSnapshot> {
    const snapshot = await this.options.reader.read(target);
    if (isTrafficNotConfigured(snapshot)) {
      throw new InputError(snapshot.notConfigured.message);
    }
    return snapshot;
  }

  private checkBase(snapshot: TrafficSnapshot, request: TrafficSaveRequest) {
    if (snapshot.state.version !== request.baseVersion) {
      throw new TrafficConflictError(CONFLICT_MESSAGE, snapshot.state);
    }
  }
}

/** The audit meta of a parsed request, before the entity is resolved. */
function requestContext(
  request: TrafficSaveRequest,
  caller: TrafficCaller,
): AuditContext {
  return {
    actor: caller.credentials.principal.userEntityRef,
    entityRef: request.entityRef,
    force: request.force === true,
    after: asJson(request.policy),
  };
}

/** The audit meta of a body that did not parse: only what can be read from it safely. */
function rawContext(body: unknown, caller: TrafficCaller): AuditContext {
  return {
    actor: caller.credentials.principal.userEntityRef,
    entityRef: rawEntityRef(body) ?? null,
    force:
      typeof body === 'object' &&
      body !== null &&
      (body as { force?: unknown }).force === true,
  };
}
