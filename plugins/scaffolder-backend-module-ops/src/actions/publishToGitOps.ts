import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { readGitOpsConfig } from '@internal/plugin-ops-node';
import { markApplicationOwner } from '../gitops/applicationOwnerMarker';
import { buildFileUrl } from '../gitops/fileUrl';
import { GitOpsPublisher } from '../gitops/GitOpsPublisher';
import {
  collectSourceFiles,
  digestSourceFiles,
  validateRepoPath,
} from '../gitops/sourceFiles';
import { examples } from './publishToGitOps.examples';
import { checkServiceRequest } from './initiatorOwnership';
import { gitopsServiceProblem, sameOwner } from './takeoverChecks';

/** Options of {@link createPublishToGitOpsAction}. */
export interface PublishToGitOpsActionOptions {
  /** Root config: `opsPortal.gitops`. */
  config: Config;
  /** Timeout of each git command (clone, push, ...) in milliseconds. Default 120000. */
  gitTimeoutMs?: number;
  /** Groups whose members may publish for any owner (`permission.opsPolicy.adminGroups`). */
  adminGroups?: string[];
}

/**
 * `gitops:publish` — commits a workspace directory (laid out like the repository) to the
 * configured GitOps repository, directly on its branch or on `scaffolder/<service>` for a pull
 * request. Only the service's own paths (`services/<service>/**`, `apps/<service>.yaml`) are
 * published, and never over a service folder whose catalog-info (or Application) names another
 * owner. Re-running with the same content makes no commit.
 */
export function createPublishToGitOpsAction(
  options: PublishToGitOpsActionOptions,
) {
  const { config } = options;
  return createTemplateAction({
    id: 'gitops:publish',
    description:
      'Commits the rendered service files to the GitOps repository (branch or direct commit, per config)',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        sourcePath: z =>
          z
            .string()
            .min(1)
            .describe(
              'Workspace directory whose contents mirror repository paths',
            ),
        commitMessage: z => z.string().min(1).describe('Commit message'),
        serviceName: z =>
          z
            .string()
            .min(1)
            .describe(
              'Service name; branch mode pushes to scaffolder/<serviceName>',
            ),
        catalogInfoPath: z =>
          z
            .string()
            .min(1)
            .describe('Repository path of the catalog-info.yaml to register'),
        owner: z =>
          z
            .string()
            .min(1)
            .describe(
              "Catalog owner of the service (entity ref); an existing service folder must be this owner's",
            ),
      },
      output: {
        commitHash: z =>
          z
            .string()
            .describe(
              "The pushed commit, or the branch head when nothing changed; 'dry-run' on a dry run",
            ),
        branch: z => z.string(),
        mode: z => z.enum(['commit', 'branch']),
        changed: z => z.boolean(),
        catalogInfoUrl: z => z.string(),
        repoUrl: z => z.string(),
      },
    },
    async handler(ctx) {
      const settings = readGitOpsConfig(config);
      const { serviceName } = ctx.input;
      // The shared service check, before anything is read: a dry run refuses what a run would.
      const owner = checkServiceRequest(
        { name: serviceName, owner: ctx.input.owner },
        ctx.user,
        options.adminGroups ?? [],
      );
      const catalogInfoPath = validateRepoPath(
        'catalogInfoPath',
        ctx.input.catalogInfoPath,
      );
      const files = await collectSourceFiles(
        resolveSafeChildPath(ctx.workspacePath, ctx.input.sourcePath),
      );
      const outside = files.filter(
        f =>
          !f.repoPath.startsWith(`services/${serviceName}/`) &&
          f.repoPath !== `apps/${serviceName}.yaml`,
      );
      if (outside.length > 0) {
        throw new InputError(
          `gitops:publish writes only services/${serviceName}/ and apps/${serviceName}.yaml; sourcePath also holds ${outside
            .map(f => f.repoPath)
            .join(', ')}`,
        );
      }
      const applicationFile = files.find(
        f => f.repoPath === `apps/${serviceName}.yaml`,
      );
      if (
        applicationFile &&
        (await markApplicationOwner(applicationFile, owner, sameOwner))
      ) {
        ctx.logger.info(
          `Marked apps/${serviceName}.yaml with its owner ${owner} (annotation ops-portal/owner)`,
        );
      }
      const mode = settings.publishMode;
      const targetBranch =
        mode === 'branch' ? `scaffolder/${serviceName}` : settings.branch;
      const { principal } = await ctx.getInitiatorCredentials();
      const requestedBy = (principal as { userEntityRef?: string })
        .userEntityRef;
      const output = (commitHash: string, branch: string, changed: boolean) => {
        ctx.output('commitHash', commitHash);
        ctx.output('branch', branch);
        ctx.output('mode', mode);
        ctx.output('changed', changed);
        ctx.output(
          'catalogInfoUrl',
          buildFileUrl(settings.fileUrlTemplate, branch, catalogInfoPath),
        );
        ctx.output('repoUrl', settings.repoUrl);
      };

      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would publish ${files.length} file(s) to ${settings.repoUrl}, branch '${targetBranch}' (${mode} mode), committing only what differs. Nothing was sent to the repository.`,
        );
        for (const file of files) {
          ctx.logger.info(`  ${file.repoPath}`);
        }
        if (!files.some(f => f.repoPath === catalogInfoPath)) {
          ctx.logger.warn(
            `catalogInfoPath '${catalogInfoPath}' is not among the files; a real run requires it in the branch`,
          );
        }
        output('dry-run', targetBranch, false);
        return;
      }

      ctx.logger.info(
        `Publishing ${files.length} file(s) to ${settings.repoUrl}, branch '${targetBranch}' (${mode} mode)`,
      );
      const digest = await digestSourceFiles(files);
      const result = await ctx.checkpoint({
        key: `gitops-publish-${targetBranch}-${digest}`,
        fn: () =>
          new GitOpsPublisher(settings, {
            timeoutMs: options.gitTimeoutMs,
            signal: ctx.signal,
          }).publish({
            files,
            targetBranch,
            commitMessage: ctx.input.commitMessage,
            catalogInfoPath,
            requestedBy,
            guard: {
              serviceName,
              check: state => gitopsServiceProblem(state, owner),
            },
          }),
      });
      if (result.changed) {
        ctx.logger.info(
          `Pushed commit ${result.commitHash} to '${result.branch}' (${
            result.changedFiles.length
          } file(s) changed: ${result.changedFiles.join(', ')})`,
        );
      } else {
        ctx.logger.info(
          `Branch '${result.branch}' already has this content at ${result.commitHash}; no commit made`,
        );
      }
      output(result.commitHash, result.branch, result.changed);
    },
  });
}
