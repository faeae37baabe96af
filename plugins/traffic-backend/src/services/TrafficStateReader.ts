import { createHash } from 'node:crypto';
import { NotImplementedError } from '@backstage/errors';
import { OPS_ANNOTATIONS } from '@internal/plugin-ops-common';
import type { GitRepositoryWriter } from '@internal/plugin-ops-node';
import {
  destinationRuleSubsets,
  editableRouteIndex,
  readTrafficPolicy,
  SubsetStatus,
  TrafficManagement,
  TrafficPolicy,
  trafficPoliciesEqual,
  TrafficState,
} from '@internal/plugin-traffic-common';
import {
  KubernetesTrafficClient,
  LiveIstioObject,
} from '../kubernetes/KubernetesTrafficClient';
import { ManifestDocument } from '../manifests/manifestDocuments';
import { TrafficTarget } from './EntityTrafficTargets';
import { GitManifestLocator, GitSnapshot } from './GitManifestLocator';
import { TrafficNotConfigured } from './types';

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
      locator: GitManifestLocator;
      repository: GitRepositoryWriter;
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
      this.options.locator.locate(target, virtualService, destinationRule),
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
}
