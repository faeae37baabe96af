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
  gitOpsCommitUrl,
  gitOpsFailure,
} from '@internal/plugin-ops-node';
import { ArgoActionsSettings } from '../config/readArgoActionsConfig';
import { ArgoActionAudit } from './ArgoActionAudit';
import { ArgoActionAuthorizer } from './ArgoActionAuthorizer';
import { ArgoActionRunner } from './ArgoActionRunner';
import { ArgoActionService } from './ArgoActionService';
import { ArgoActionTargets } from './ArgoActionTargets';
import { ArgoRollbackService } from './ArgoRollbackService';
import { ArgoStateReader } from './ArgoStateReader';
import { GitRollbackPlanner } from './GitRollbackPlanner';

/** The services of one argocd-actions backend instance. */
export interface ArgoActionsServices {
  targets: ArgoActionTargets;
  reader: ArgoStateReader;
  runner: ArgoActionRunner;
  actions: ArgoActionService;
  rollbacks: ArgoRollbackService;
  /** The GitOps repository of Git rollbacks, when configured. */
  repository?: GitRepositoryWriter;
}

/** Wires the clients and services of the argocd-actions backend from its settings. */
export function createArgoActionsServices(options: {
  settings: ArgoActionsSettings;
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
}): ArgoActionsServices {
  const { settings, logger } = options;
  const clientOptions = { timeoutMs: settings.timeoutMs, logger };
  const reader = new ArgoStateReader({
    argoCd: new ArgoCdClient(settings.reader, clientOptions),
    logger,
  });
  const writer = new ArgoCdClient(settings.writer, clientOptions);
  const repository = settings.gitops
    ? new GitRepositoryWriter(settings.gitops, {
        workDir: options.workDir,
        timeoutMs: settings.gitTimeoutMs,
        git: options.git,
        failure: gitOpsFailure(
          'Argo CD actions',
          settings.gitops.repoUrl,
          logger,
        ),
      })
    : undefined;
  const targets = new ArgoActionTargets(options.catalog, options.entityCache);
  const runner = new ArgoActionRunner({
    targets,
    authorizer: new ArgoActionAuthorizer(options.permissions),
    reader,
    audit: new ArgoActionAudit(options.auditor),
  });
  return {
    targets,
    reader,
    runner,
    actions: new ArgoActionService({
      runner,
      reader,
      writer,
      refreshTimeoutMs: settings.refreshTimeoutMs,
    }),
    rollbacks: new ArgoRollbackService({
      runner,
      reader,
      writer,
      planner: new GitRollbackPlanner({ repository, logger }),
      logger,
      commitUrl: sha =>
        settings.gitops ? gitOpsCommitUrl(settings.gitops, sha) : undefined,
    }),
    repository,
  };
}
