import { createHash } from 'node:crypto';
import { NotImplementedError } from '@backstage/errors';
import {
  destinationRuleSubsets,
  editableRouteIndex,
  OPS_ANNOTATIONS,
  readTrafficPolicy,
  SubsetStatus,
  TrafficManagement,
  TrafficPolicy,
  trafficPoliciesEqual,
  TrafficState,
} from '@internal/plugin-ops-common';
import { ArgoApplication, ArgoCdClient } from '../argocd/ArgoCdClient';
import {
  repositoryDirectory,
  sameRepository,
  trackingAppName,
} from '../argocd/argoTracking';
import { UpstreamError } from '../errors';
import { GitOpsRepository } from '../git/GitOpsRepository';
import {
  KubernetesTrafficClient,
  LiveIstioObject,
} from '../kubernetes/KubernetesTrafficClient';
import {
  findIstioDocuments,
  ManifestDocument,
  ManifestFile,
} from '../manifests/manifestDocuments';
import { TrafficTarget } from './EntityTrafficTargets';
import { TrafficNotConfigured } from './types';

/** A manifest file of the GitOps repository, with its blob id and mode. */
export interface GitManifestFile extends ManifestFile {
  blob: string;
  mode: string;
}

/** Where the desired state of a Git-managed entity lives. */
export interface GitSnapshot {
  app: string;
  /** The branch head the files were read at. */
  head: string;
  /** The file(s) holding the VirtualService and DestinationRule (one file for both is common). */
  files: GitManifestFile[];
  virtualService: ManifestDocument;
  destinationRule: ManifestDocument;
}

/** A state read with what a save needs besides the state itself. */
export interface TrafficSnapshot {
  target: TrafficTarget;
  state: TrafficState;
  live: { virtualService: LiveIstioObject; destinationRule: LiveIstioObject };
  /** Present in git mode. */
  git?: GitSnapshot;
}

function notConfigured(
  reason: TrafficNotConfigured['notConfigured']['reason'],
  annotation: string,
  message: string,
): TrafficNotConfigured {
  return { notConfigured: { reason, annotation, message } };
}

/** `nginx-ab.ns.svc.cluster.local` → Service `nginx-ab` in `ns`; a short host is in `namespace`. */
function serviceOfHost(host: string, namespace: string) {
  const [name, hostNamespace] = host.split('.');
  return { name, namespace: hostNamespace || namespace };
}

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

function labelSelector(labels: Record<string, string>): string {
  return Object.entries(labels)
    .filter(([, value]) => LABEL_VALUE.test(String(value)))
    .map(([key, value]) => `${key}=${value}`)
    .join(',');
}

function isReady(pod: {
  status?: { conditions?: Array<{ type?: string; status?: string }> };
}) {
  return (pod.status?.conditions ?? []).some(
    c => c.type === 'Ready' && c.status === 'True',
  );
}

/** The state version of git mode: the VirtualService and DestinationRule files' blob ids. */
function gitVersion(git: GitSnapshot): string {
  const blobOf = (doc: ManifestDocument) =>
    git.files.find(f => f.path === doc.path)!.blob;
  const identity = JSON.stringify([
    git.virtualService.path,
    blobOf(git.virtualService),
    git.destinationRule.path,
    blobOf(git.destinationRule),
  ]);
  return `git:${createHash('sha256')
    .update(identity)
    .digest('hex')
    .slice(0, 40)}`;
}

/**
 * Reads the traffic state of an entity: the live VirtualService and DestinationRule from the
 * cluster, the pods behind each subset, and — when the objects are Git-managed — the desired
 * state from the manifests of the Argo CD Application's source in the GitOps repository.
 */
export class TrafficStateReader {
  constructor(
    private readonly options: {
      kubernetes: KubernetesTrafficClient;
      argoCd: ArgoCdClient;
      repository: GitOpsRepository;
    },
  ) {}

  async read(
    target: TrafficTarget,
  ): Promise<TrafficSnapshot | TrafficNotConfigured> {
    const { kubernetes } = this.options;
    const { namespace } = target;
    const [virtualService, destinationRule] = await Promise.all([
      kubernetes.getIstioObject(
        'VirtualService',
        namespace,
        target.virtualServiceName,
      ),
      kubernetes.getIstioObject(
        'DestinationRule',
        namespace,
        target.destinationRuleName,
      ),
    ]);
    if (!virtualService) {
      return notConfigured(
        'object-not-found',
        OPS_ANNOTATIONS.istioVirtualService,
        `No VirtualService ${target.virtualServiceName} in namespace ${namespace}; name it with the ${OPS_ANNOTATIONS.istioVirtualService} annotation (default: the kubernetes-id)`,
      );
    }
    if (!destinationRule) {
      return notConfigured(
        'object-not-found',
        OPS_ANNOTATIONS.istioDestinationRule,
        `No DestinationRule ${target.destinationRuleName} in namespace ${namespace}; name it with the ${OPS_ANNOTATIONS.istioDestinationRule} annotation (default: the kubernetes-id)`,
      );
    }
    const host = String(destinationRule.spec?.host ?? '');
    const routeIndex = editableRouteIndex(virtualService, host);
    if (routeIndex === undefined) {
      return notConfigured(
        'no-route',
        OPS_ANNOTATIONS.istioVirtualService,
        `VirtualService ${namespace}/${
          virtualService.metadata.name
        } has no HTTP route to host ${host || '(none)'} of DestinationRule ${
          destinationRule.metadata.name
        }`,
      );
    }
    const live = readTrafficPolicy(virtualService, destinationRule);
    const [subsets, git] = await Promise.all([
      this.subsets(destinationRule, namespace),
      this.gitSnapshot(target, virtualService, destinationRule),
    ]);

    let desired: TrafficPolicy = live;
    let management: TrafficManagement = { mode: 'direct' };
    let version = `direct:${virtualService.metadata.resourceVersion}.${destinationRule.metadata.resourceVersion}`;
    if (git) {
      desired = this.desiredFromGit(git, target);
      const { repoUrl, branch, publishMode } = this.options.repository.settings;
      management = {
        mode: 'git',
        argoCdApp: git.app,
        repoUrl,
        branch,
        files: {
          virtualService: git.virtualService.path,
          destinationRule: git.destinationRule.path,
        },
        publishMode,
        revision: git.head,
      };
      version = gitVersion(git);
    }
    return {
      target,
      live: { virtualService, destinationRule },
      git,
      state: {
        entityRef: target.entityRef,
        namespace,
        virtualService: {
          name: virtualService.metadata.name,
          resourceVersion: virtualService.metadata.resourceVersion ?? '',
        },
        destinationRule: {
          name: destinationRule.metadata.name,
          resourceVersion: destinationRule.metadata.resourceVersion ?? '',
        },
        host,
        routeIndex,
        subsets,
        live,
        desired,
        sync: trafficPoliciesEqual(desired, live) ? 'synced' : 'pending',
        management,
        version,
      },
    };
  }

  private desiredFromGit(
    git: GitSnapshot,
    target: TrafficTarget,
  ): TrafficPolicy {
    try {
      return readTrafficPolicy(
        git.virtualService.object,
        git.destinationRule.object,
      );
    } catch (error) {
      throw new NotImplementedError(
        `The manifests of ${target.entityRef} in ${
          git.virtualService.path
        } cannot be edited: ${(error as Error).message}`,
      );
    }
  }

  private async subsets(
    destinationRule: LiveIstioObject,
    namespace: string,
  ): Promise<SubsetStatus[]> {
    const { kubernetes } = this.options;
    const service = serviceOfHost(
      String(destinationRule.spec?.host ?? ''),
      namespace,
    );
    const found = service.name
      ? await kubernetes.getService(service.namespace, service.name)
      : undefined;
    const selector = found?.spec?.selector ?? {};
    return Promise.all(
      destinationRuleSubsets(destinationRule).map(async subset => {
        const pods = await kubernetes.listPods(
          service.namespace,
          labelSelector({ ...selector, ...subset.labels }),
        );
        return {
          name: subset.name,
          labels: subset.labels,
          readyPods: pods.filter(isReady).length,
          totalPods: pods.length,
        };
      }),
    );
  }

  /**
   * The desired state's files when the objects are Git-managed, else undefined (direct mode).
   * Git-managed: the objects carry Argo CD tracking (then the manifests must be found, or this
   * throws), or the entity names an Application whose source in the GitOps repository holds them.
   */
  private async gitSnapshot(
    target: TrafficTarget,
    virtualService: LiveIstioObject,
    destinationRule: LiveIstioObject,
  ): Promise<GitSnapshot | undefined> {
    const trackedBy =
      trackingAppName(virtualService.metadata) ??
      trackingAppName(destinationRule.metadata);
    const appName = trackedBy ?? target.argoCdApp;
    if (!appName) return undefined;
    const tracked = trackedBy !== undefined;
    const origin = tracked
      ? `the Argo CD tracking of VirtualService ${target.namespace}/${virtualService.metadata.name}`
      : `the argocd/app-name annotation of ${target.entityRef}`;

    const app = await this.options.argoCd.getApplication(appName);
    if (!app) {
      if (!tracked) return undefined;
      throw new UpstreamError(
        `Argo CD has no Application ${appName}, named by ${origin}`,
      );
    }
    const source = this.checkSource(app, origin, tracked);
    if (!source) return undefined;

    const { repository } = this.options;
    const head = await repository.fetchHead();
    const listed = await repository.listManifests(
      head,
      source.dir,
      source.recurse,
    );
    const files: GitManifestFile[] = await Promise.all(
      listed.map(async file => ({
        ...file,
        text: await repository.readBlob(file.blob),
      })),
    );
    const found = findIstioDocuments(
      files,
      {
        virtualService: target.virtualServiceName,
        destinationRule: target.destinationRuleName,
      },
      target.namespace,
    );
    const where = `${source.dir || '/'} of ${
      repository.settings.repoUrl
    } (branch ${repository.settings.branch}, Application ${appName})`;
    if (found.ambiguities.length > 0) {
      throw new NotImplementedError(
        `Cannot edit the traffic of ${
          target.entityRef
        }: ${found.ambiguities.join('; ')} in ${where}`,
      );
    }
    if (!found.virtualService || !found.destinationRule) {
      if (!tracked) return undefined;
      const missing = [
        !found.virtualService && `VirtualService ${target.virtualServiceName}`,
        !found.destinationRule &&
          `DestinationRule ${target.destinationRuleName}`,
      ].filter(Boolean);
      throw new NotImplementedError(
        `${missing.join(' and ')} of ${target.entityRef} ${
          missing.length > 1 ? 'are' : 'is'
        } managed by Argo CD (${origin}) but no YAML manifest in ${where} defines ${
          missing.length > 1 ? 'them' : 'it'
        }; edits written to the cluster would be reverted by the next sync`,
      );
    }
    const paths = new Set([
      found.virtualService.path,
      found.destinationRule.path,
    ]);
    return {
      app: appName,
      head,
      files: files.filter(f => paths.has(f.path)),
      virtualService: found.virtualService,
      destinationRule: found.destinationRule,
    };
  }

  /**
   * The Application's source as a directory of the GitOps repository. A source elsewhere is an
   * error when the objects are tracked (the portal holds credentials for one repository only),
   * and means "not Git-managed" when only the entity's annotation names the Application.
   */
  private checkSource(
    app: ArgoApplication,
    origin: string,
    tracked: boolean,
  ): { dir: string; recurse: boolean } | undefined {
    const { repoUrl, branch } = this.options.repository.settings;
    const name = app.metadata.name;
    const source = app.spec?.source;
    const refuse = (reason: string) => {
      if (!tracked) return undefined;
      throw new NotImplementedError(
        `Argo CD Application ${name} (named by ${origin}) ${reason}; the traffic editor writes only to the GitOps repository ${repoUrl} (opsPortal.gitops.repoUrl), branch ${branch}`,
      );
    };
    if (
      !source ||
      (Array.isArray(app.spec?.sources) && app.spec!.sources.length > 0)
    ) {
      return refuse(
        'has no single source (multi-source Applications are not supported)',
      );
    }
    if (!source.repoURL || !sameRepository(source.repoURL, repoUrl)) {
      return refuse(`syncs from ${source.repoURL ?? 'no repository'}`);
    }
    const revision = (source.targetRevision ?? '').replace(
      /^refs\/heads\//,
      '',
    );
    if (revision !== '' && revision !== 'HEAD' && revision !== branch) {
      return refuse(`tracks revision ${revision}`);
    }
    const dir = repositoryDirectory(source.path);
    if (dir === undefined) {
      return refuse(
        `has a source path outside the repository (${source.path})`,
      );
    }
    return { dir, recurse: source.directory?.recurse === true };
  }
}
