import {
  AuditorService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  OpsEntityCache,
  ArgoCdClient,
  GitCli,
  GitRepositoryWriter,
  gitOpsFailure,
} from '@internal/plugin-ops-node';
import { TrafficSettings } from '../config/readTrafficConfig';
import { KubernetesTrafficClient } from '../kubernetes/KubernetesTrafficClient';
import { ClusterTrafficWriter } from './ClusterTrafficWriter';
import { EntityTrafficTargets } from './EntityTrafficTargets';
import { GitManifestLocator } from './GitManifestLocator';
import { GitTrafficWriter } from './GitTrafficWriter';
import { NamespaceOwnership } from './NamespaceOwnership';
import { TrafficAuthorizer } from './TrafficAuthorizer';
import { TrafficEditService } from './TrafficEditService';
import { TrafficStateReader } from './TrafficStateReader';

/** The services of one traffic backend instance. */
export interface TrafficServices {
  targets: EntityTrafficTargets;
  reader: TrafficStateReader;
  editor: TrafficEditService;
  repository: GitRepositoryWriter;
  authorizer: TrafficAuthorizer;
  namespaces: NamespaceOwnership;
}

/** Wires the clients and services of the traffic backend from its settings. */
export function createTrafficServices(options: {
  settings: TrafficSettings;
  catalog: CatalogService;
  /** The entity reads shared with the other ops backends of the process (state reads only). */
  entityCache?: OpsEntityCache;
  permissions: PermissionsService;
  auditor: AuditorService;
  logger: LoggerService;
  /** Directory of the cached GitOps clone. */
  workDir: string;
  /** The git runner (tests wrap it); defaults to a GitCli with the repository's credentials. */
  git?: GitCli;
}): TrafficServices {
  const { settings } = options;
  const kubernetes = new KubernetesTrafficClient(settings.cluster, {
    timeoutMs: settings.timeoutMs,
    istioApiVersion: settings.istioApiVersion,
    logger: options.logger,
  });
  const argoCd = new ArgoCdClient(settings.argoCd, {
    timeoutMs: settings.timeoutMs,
    logger: options.logger,
  });
  const repository = new GitRepositoryWriter(settings.gitops, {
    workDir: options.workDir,
    timeoutMs: settings.gitTimeoutMs,
    git: options.git,
    failure: gitOpsFailure(
      'Traffic editor',
      settings.gitops.repoUrl,
      options.logger,
    ),
  });
  const targets = new EntityTrafficTargets(
    options.catalog,
    options.entityCache,
  );
  const reader = new TrafficStateReader({
    kubernetes,
    locator: new GitManifestLocator({ argoCd, repository }),
    repository,
  });
  const authorizer = new TrafficAuthorizer(options.permissions);
  const namespaces = new NamespaceOwnership(kubernetes);
  const editor = new TrafficEditService({
    targets,
    reader,
    authorizer,
    namespaces,
    gitWriter: new GitTrafficWriter({
      repository,
      argoCd,
      logger: options.logger,
      syncAfterCommit: settings.syncAfterCommit,
    }),
    clusterWriter: new ClusterTrafficWriter({
      kubernetes,
      logger: options.logger,
    }),
    auditor: options.auditor,
  });
  return { targets, reader, editor, repository, authorizer, namespaces };
}
