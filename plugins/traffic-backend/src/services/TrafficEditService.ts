import { createHash } from 'node:crypto';
import type { Request } from 'express';
import {
  AuditorService,
  BackstageCredentials,
  BackstageUserPrincipal,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { JsonObject } from '@backstage/types';
import {
  applyTrafficPolicy,
  opsResiliencePolicyUpdatePermission,
  opsTrafficUpdatePermission,
  subsetProblems,
  TrafficChange,
  trafficChange,
  trafficIssues,
  TrafficPolicy,
  trafficPoliciesEqual,
  TrafficPreview,
  TrafficSaveRequest,
  trafficSaveRequestSchema,
  TrafficDiffFile,
} from '@internal/plugin-ops-common';
import { stringify } from 'yaml';
import { ArgoCdClient } from '../argocd/ArgoCdClient';
import { TrafficConflictError, UpstreamError } from '../errors';
import { GitOpsRepository } from '../git/GitOpsRepository';
import {
  KubernetesTrafficClient,
  LiveIstioObject,
  ResourceVersionConflict,
} from '../kubernetes/KubernetesTrafficClient';
import { editManifests, EditedFile } from '../manifests/editManifests';
import { trafficCommitMessage } from './commitMessage';
import { EntityTrafficTargets, TrafficTarget } from './EntityTrafficTargets';
import { KeyedMutex } from './KeyedMutex';
import { TrafficSnapshot, TrafficStateReader } from './TrafficStateReader';
import { isTrafficNotConfigured, TrafficSaveResponse } from './types';

/** Who asks: a signed-in user, and the HTTP request for the audit log. */
export interface TrafficCaller {
  credentials: BackstageCredentials<BackstageUserPrincipal>;
  request?: Request;
}

/** Options of {@link TrafficEditService}. */
export interface TrafficEditServiceOptions {
  targets: EntityTrafficTargets;
  reader: TrafficStateReader;
  kubernetes: KubernetesTrafficClient;
  argoCd: ArgoCdClient;
  repository: GitOpsRepository;
  permissions: PermissionsService;
  auditor: AuditorService;
  logger: LoggerService;
  /** Ask Argo CD to sync after a commit to the tracked branch. */
  syncAfterCommit: boolean;
}

/** What a validated, authorized request is about. */
interface PreparedEdit {
  request: TrafficSaveRequest;
  target: TrafficTarget;
  snapshot: TrafficSnapshot;
  change: TrafficChange;
}

/** Audit context, filled in as a save progresses. */
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
 * Preview and save of traffic edits. Every request is validated (zod), resolved through the
 * catalog as the caller, and authorized per changed part (weights: `ops.traffic.update`,
 * resilience: `ops.resilience.update`) before anything else happens. Saves run one at a time per
 * entity, are checked against the state version the edit started from (stale → 409 with the
 * current state), are idempotent (a policy already desired is `unchanged`), and go to the GitOps
 * repository (git mode) or the cluster with resourceVersion checks (direct mode). Each save writes
 * one audit event (`traffic-update`), success or failure.
 */
export class TrafficEditService {
  private readonly entityLocks = new KeyedMutex();

  constructor(private readonly options: TrafficEditServiceOptions) {}

  /** `POST /preview`: what a save would change, file by file; writes nothing. */
  async preview(body: unknown, caller: TrafficCaller): Promise<TrafficPreview> {
    const edit = await this.prepare(body, caller, {});
    const { snapshot, request } = edit;
    if (!trafficPoliciesEqual(request.policy, snapshot.state.desired)) {
      this.checkBase(snapshot, request);
    }
    let files: TrafficDiffFile[];
    if (snapshot.git) {
      files = editManifests({
        files: snapshot.git.files,
        virtualService: snapshot.git.virtualService,
        destinationRule: snapshot.git.destinationRule,
        policy: request.policy,
      });
    } else {
      files = this.directChanges(snapshot, request.policy).map(c => ({
        path: `${c.kind}/${c.before.metadata.name}`,
        before: specYaml(c.before),
        after: specYaml(c.after),
      }));
    }
    return { mode: snapshot.state.management.mode, change: edit.change, files };
  }

  /** `PUT /policy`: saves the policy; see the class description. */
  async save(
    body: unknown,
    caller: TrafficCaller,
  ): Promise<TrafficSaveResponse> {
    const raw = (
      typeof body === 'object' && body !== null ? body : {}
    ) as Record<string, unknown>;
    const context: AuditContext = {
      actor: caller.credentials.principal.userEntityRef,
      entityRef:
        typeof raw.entityRef === 'string' ? raw.entityRef.slice(0, 300) : null,
      force: raw.force === true,
    };
    const event = await this.options.auditor.createEvent({
      eventId: 'traffic-update',
      severityLevel: 'medium',
      request: caller.request,
      meta: { ...context },
    });
    try {
      const result = await this.saveAudited(body, caller, context);
      await event.success({ meta: context });
      return result;
    } catch (error) {
      context.outcome = outcomeOf(error);
      await event.fail({ error: error as Error, meta: context });
      throw error;
    }
  }

  private async saveAudited(
    body: unknown,
    caller: TrafficCaller,
    context: AuditContext,
  ): Promise<TrafficSaveResponse> {
    const edit = await this.prepare(body, caller, context);
    const { request, target } = edit;
    return this.entityLocks.run(target.entityRef, async () => {
      const snapshot = await this.readConfigured(target);
      context.mode = snapshot.state.management.mode;
      context.before = asJson(snapshot.state.desired);
      // A policy that is already desired overwrites nothing: a repeated save is `unchanged`
      // whatever its base. Anything else must start from the current state.
      if (trafficPoliciesEqual(request.policy, snapshot.state.desired)) {
        context.outcome = 'unchanged';
        return {
          outcome: 'unchanged',
          mode: snapshot.state.management.mode,
          state: snapshot.state,
          warnings: [],
        };
      }
      this.checkBase(snapshot, request);
      return snapshot.git
        ? this.saveToGit(edit, snapshot, caller, context)
        : this.saveToCluster(snapshot, request.policy, context);
    });
  }

  /** Validation, entity, state, permission, subset checks: common to preview and save. */
  private async prepare(
    body: unknown,
    caller: TrafficCaller,
    context: AuditContext,
  ): Promise<PreparedEdit> {
    const parsed = trafficSaveRequestSchema.safeParse(body);
    if (!parsed.success) {
      throw new InputError(trafficIssues(parsed.error).join('; '));
    }
    const request = parsed.data;
    context.after = asJson(request.policy);
    const target = await this.options.targets.resolve(
      request.entityRef,
      caller.credentials,
    );
    if (isTrafficNotConfigured(target)) {
      throw new InputError(target.notConfigured.message);
    }
    context.entityRef = target.entityRef;
    const snapshot = await this.readConfigured(target);
    context.mode = snapshot.state.management.mode;
    context.before = asJson(snapshot.state.desired);
    const change = trafficChange(snapshot.state.desired, request.policy);
    context.change = asJson(change);
    await this.authorize(target.entityRef, change, caller.credentials);

    const problems = subsetProblems(
      request.policy,
      snapshot.state.subsets,
      snapshot.state.desired,
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
    return { request, target, snapshot, change };
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

  /**
   * Weights need `ops.traffic.update`, resilience `ops.resilience.update`, each on the entity; an
   * edit that changes nothing needs either.
   */
  private async authorize(
    entityRef: string,
    change: TrafficChange,
    credentials: BackstageCredentials,
  ) {
    const needed = [
      ...(change.weights ? [opsTrafficUpdatePermission] : []),
      ...(change.resilience ? [opsResiliencePolicyUpdatePermission] : []),
    ];
    const asked = needed.length
      ? needed
      : [opsTrafficUpdatePermission, opsResiliencePolicyUpdatePermission];
    const decisions = await this.options.permissions.authorize(
      asked.map(permission => ({ permission, resourceRef: entityRef })),
      { credentials },
    );
    const allowed = asked.filter(
      (_, i) => decisions[i].result === AuthorizeResult.ALLOW,
    );
    const ok = needed.length
      ? allowed.length === needed.length
      : allowed.length > 0;
    if (!ok) {
      const denied = asked.filter(p => !allowed.includes(p)).map(p => p.name);
      throw new NotAllowedError(
        `You may not change the ${
          [
            change.weights && 'traffic split',
            change.resilience && 'resilience policy',
          ]
            .filter(Boolean)
            .join(' and ') || 'traffic policy'
        } of ${entityRef} (${denied.join(
          ', ',
        )}): only its owners and the admin groups may`,
      );
    }
  }

  private async saveToGit(
    edit: PreparedEdit,
    snapshot: TrafficSnapshot,
    caller: TrafficCaller,
    context: AuditContext,
  ): Promise<TrafficSaveResponse> {
    const { repository } = this.options;
    const git = snapshot.git!;
    const { request, target } = edit;
    const edited = editManifests({
      files: git.files,
      virtualService: git.virtualService,
      destinationRule: git.destinationRule,
      policy: request.policy,
    });
    const message = trafficCommitMessage({
      entityName: target.entityName,
      entityRef: target.entityRef,
      userRef: caller.credentials.principal.userEntityRef,
      policy: request.policy,
      change: trafficChange(snapshot.state.desired, request.policy),
      force: request.force === true,
    });
    const changes = edited.map(file => ({
      path: file.path,
      content: file.after,
      mode: git.files.find(f => f.path === file.path)!.mode,
    }));
    context.files = edited.map(f => f.path);

    if (repository.settings.publishMode === 'branch') {
      const branch = `traffic/${target.entityName}-${reviewBranchSuffix(
        target,
        edited,
      )}`;
      let commit = await repository.remoteBranchHead(branch);
      if (!commit) {
        commit = await repository.createCommit({
          parent: git.head,
          files: changes,
          message,
        });
        if ((await repository.push(commit, branch)) === 'rejected') {
          commit = (await repository.remoteBranchHead(branch)) ?? commit;
        }
      }
      Object.assign(context, { outcome: 'branch-pushed', branch, commit });
      const state = await this.readConfigured(target);
      return {
        outcome: 'branch-pushed',
        mode: 'git',
        commit,
        branch,
        state: state.state,
        warnings: [],
      };
    }

    const branch = repository.settings.branch;
    const watched = [
      ...new Set([git.virtualService.path, git.destinationRule.path]),
    ];
    const baseBlobs = new Map(git.files.map(f => [f.path, f.blob]));
    let parent = git.head;
    let commit: string | undefined;
    for (let attempt = 0; attempt < 2 && !commit; attempt++) {
      const candidate = await repository.createCommit({
        parent,
        files: changes,
        message,
      });
      if ((await repository.push(candidate, branch)) === 'pushed') {
        commit = candidate;
        break;
      }
      // The branch moved since the read: retry on the new head unless our files changed there.
      parent = await repository.fetchHead();
      const blobs = await repository.fileBlobs(parent, watched);
      if (watched.some(p => blobs.get(p) !== baseBlobs.get(p))) break;
    }
    if (!commit) {
      const fresh = await this.readConfigured(target);
      throw new TrafficConflictError(CONFLICT_MESSAGE, fresh.state);
    }
    Object.assign(context, { outcome: 'committed', commit, branch });
    this.options.logger.info(
      `Committed traffic edit of ${target.entityRef} as ${commit} to ${branch} (by ${caller.credentials.principal.userEntityRef})`,
    );

    const warnings: string[] = [];
    if (this.options.syncAfterCommit) {
      try {
        await this.options.argoCd.syncApplication(git.app);
      } catch (error) {
        const warning = `The commit is pushed, but asking Argo CD to sync Application ${
          git.app
        } failed: ${
          (error as Error).message
        }; Argo CD applies it at its next poll`;
        warnings.push(warning);
        this.options.logger.warn(warning);
      }
    }
    if (warnings.length) context.warnings = warnings;
    const state = await this.readConfigured(target);
    return {
      outcome: 'committed',
      mode: 'git',
      commit,
      branch,
      state: state.state,
      warnings,
    };
  }

  /** The objects a policy changes in direct mode, DestinationRule first. */
  private directChanges(snapshot: TrafficSnapshot, policy: TrafficPolicy) {
    const { virtualService, destinationRule } = snapshot.live;
    const updated = applyTrafficPolicy(virtualService, destinationRule, policy);
    return [
      {
        kind: 'DestinationRule' as const,
        before: destinationRule,
        after: updated.destinationRule as LiveIstioObject,
      },
      {
        kind: 'VirtualService' as const,
        before: virtualService,
        after: updated.virtualService as LiveIstioObject,
      },
    ].filter(
      c => JSON.stringify(c.before.spec) !== JSON.stringify(c.after.spec),
    );
  }

  private async saveToCluster(
    snapshot: TrafficSnapshot,
    policy: TrafficPolicy,
    context: AuditContext,
  ): Promise<TrafficSaveResponse> {
    const { kubernetes } = this.options;
    const written: Array<{
      kind: string;
      before: LiveIstioObject;
      after: LiveIstioObject;
    }> = [];
    const resourceVersions: Record<string, string> = {};
    try {
      // The after objects carry the resourceVersion of the base state: a concurrent write is a 409.
      for (const change of this.directChanges(snapshot, policy)) {
        const result = await kubernetes.replaceIstioObject(
          change.kind,
          change.after,
        );
        written.push({
          kind: change.kind,
          before: change.before,
          after: result,
        });
        resourceVersions[change.kind] = result.metadata.resourceVersion ?? '';
      }
    } catch (error) {
      if (written.length > 0) await this.undoDirectWrites(written);
      if (error instanceof ResourceVersionConflict) {
        const fresh = await this.readConfigured(snapshot.target);
        throw new TrafficConflictError(CONFLICT_MESSAGE, fresh.state);
      }
      throw error;
    }
    Object.assign(context, { outcome: 'written', resourceVersions });
    const state = await this.readConfigured(snapshot.target);
    return {
      outcome: 'written',
      mode: 'direct',
      state: state.state,
      warnings: [],
    };
  }

  /** Best effort: puts back the spec of objects written before a later write failed. */
  private async undoDirectWrites(
    written: Array<{
      kind: string;
      before: LiveIstioObject;
      after: LiveIstioObject;
    }>,
  ) {
    for (const { kind, before, after } of written) {
      try {
        await this.options.kubernetes.replaceIstioObject(
          kind as 'DestinationRule',
          {
            ...after,
            spec: before.spec,
          },
        );
      } catch (error) {
        this.options.logger.error(
          `Could not restore ${kind} ${after.metadata.namespace}/${
            after.metadata.name
          } after a failed traffic edit: ${(error as Error).message}`,
        );
      }
    }
  }
}

/** A review branch name suffix that is the same for the same edit of the same files. */
function reviewBranchSuffix(
  target: TrafficTarget,
  edited: EditedFile[],
): string {
  const hash = createHash('sha256').update(target.entityRef);
  for (const file of edited)
    hash.update(`\0${file.path}\0${file.before}\0${file.after}`);
  return hash.digest('hex').slice(0, 10);
}

function outcomeOf(error: unknown): string {
  const name = (error as Error)?.name;
  if (name === 'InputError') return 'invalid';
  if (name === 'NotAllowedError') return 'denied';
  if (name === 'ConflictError') return 'conflict';
  if (name === 'NotFoundError') return 'not-found';
  if (error instanceof UpstreamError) return 'upstream-error';
  return 'failed';
}
