import { NotImplementedError } from '@backstage/errors';
import {
  repositoryDirectory,
  sameRepository,
  type ArgoApplication,
  type ArgoCdClient,
  type GitRepositoryWriter,
} from '@internal/plugin-ops-node';
import { trackingAppName } from '../argocd/argoTracking';
import { UpstreamError } from '../errors';
import { LiveIstioObject } from '../kubernetes/KubernetesTrafficClient';
import {
  findIstioDocuments,
  ManifestDocument,
  ManifestFile,
} from '../manifests/manifestDocuments';
import { TrafficTarget } from './EntityTrafficTargets';

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

/**
 * Decides whether an entity's Istio objects are Git-managed and, if so, finds their manifests:
 * the Argo CD Application (from the objects' tracking label/annotation, else the entity's
 * `argocd/app-name`), its source in the GitOps repository, and the YAML documents of that
 * directory that define the VirtualService and DestinationRule.
 */
export class GitManifestLocator {
  constructor(
    private readonly options: {
      argoCd: ArgoCdClient;
      repository: GitRepositoryWriter;
    },
  ) {}

  /**
   * The desired state's files when the objects are Git-managed, else undefined (direct mode).
   * Git-managed: the objects carry Argo CD tracking (then the manifests must be found, or this
   * throws), or the entity names an Application whose source in the GitOps repository holds them.
   */
  async locate(
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

    // The branch is fetched while Argo CD answers (one round trip less per state read). Its
    // failure counts only when the Application's source is in the GitOps repository; otherwise
    // the read still waits for it to end, so that no fetch outlives the read that started it.
    const { repository } = this.options;
    const fetchedHead = repository.fetchHead(repository.settings.branch);
    const fetchEnded = fetchedHead.then(
      () => undefined,
      () => undefined,
    );
    const source = await this.applicationSource(appName, origin, tracked).catch(
      async error => {
        await fetchEnded;
        throw error;
      },
    );
    if (!source) {
      await fetchEnded;
      return undefined;
    }

    const head = await fetchedHead;
    const listed = (
      await repository.listFiles(head, source.dir ? [`${source.dir}/`] : [], {
        recursive: source.recurse,
      })
    ).filter(file => isManifest(file.path));
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
    const where = `${source.dir || '/'} of the GitOps repository (branch ${
      repository.settings.branch
    }, Application ${appName})`;
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
  /** The Application's source in the GitOps repository, or undefined when it has none there. */
  private async applicationSource(
    appName: string,
    origin: string,
    tracked: boolean,
  ) {
    const app = await this.options.argoCd.getApplication(appName);
    if (!app) {
      if (!tracked) return undefined;
      throw new UpstreamError(
        `Argo CD has no Application ${appName}, named by ${origin}`,
      );
    }
    return this.checkSource(app, origin, tracked);
  }

  private checkSource(
    app: ArgoApplication,
    origin: string,
    tracked: boolean,
  ): { dir: string; recurse: boolean } | undefined {
    const { repoUrl, branch } = this.options.repository.settings;
    const name = app.metadata.name;
    // Messages reach the browser: they name the repositories by role, never by URL.
    const source = app.spec?.source;
    const refuse = (reason: string) => {
      if (!tracked) return undefined;
      throw new NotImplementedError(
        `Argo CD Application ${name} (named by ${origin}) ${reason}; the traffic editor writes only to the GitOps repository of opsPortal.gitops.repoUrl, branch ${branch}`,
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
      return refuse(
        source.repoURL ? 'syncs from another repository' : 'has no repoURL',
      );
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

/** A YAML file outside hidden directories, as Argo CD reads a directory source. */
function isManifest(file: string): boolean {
  return (
    /\.ya?ml$/i.test(file) &&
    !file.split('/').some(part => part.startsWith('.'))
  );
}
