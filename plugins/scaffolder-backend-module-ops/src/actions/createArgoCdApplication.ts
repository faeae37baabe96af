import fs from 'node:fs/promises';
import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { ConflictError, InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { ArgoApplication, ArgoCdClient } from '@internal/plugin-ops-node';
import { parseApplicationManifest } from '../argocd/applicationManifest';
import {
  APPLICATION_OWNER_ANNOTATION,
  applicationOwner,
} from '../argocd/applicationOwner';
import { readArgoCdConfig } from '../argocd/readArgoCdConfig';
import {
  applicationStatus,
  describeStatus,
  waitForSyncedAndHealthy,
} from '../argocd/waitForSync';
import { examples } from './createArgoCdApplication.examples';
import { checkServiceRequest } from './initiatorOwnership';
import {
  argoApplicationProblem,
  ExpectedApplication,
  sameOwner,
} from './takeoverChecks';

/** Options of {@link createArgoCdApplicationAction}. */
export interface CreateArgoCdApplicationActionOptions {
  /** Root config: `opsPortal.scaffolder.argocdInstance`, `argocd.appLocatorMethods`, `opsPortal.gitops.repoUrl`. */
  config: Config;
  /** Timeout of each Argo CD request in milliseconds. Default 10000. */
  requestTimeoutMs?: number;
  /** Pause between status polls while waiting for the sync, in milliseconds. Default 3000. */
  pollIntervalMs?: number;
  /** Groups whose members may create Applications for any owner (`permission.opsPolicy.adminGroups`). */
  adminGroups?: string[];
}

const DRY_RUN = 'dry-run';
const MAX_TIMEOUT_SECONDS = 1800;

/**
 * `argocd:app:create` — creates an Argo CD Application from a rendered manifest in the workspace,
 * marked with its owner, and, by default, waits until Argo CD reports it Synced and Healthy. It
 * never overwrites an Application that is not the same owner's Application of the same path; an
 * owner's re-run updates its own Application (idempotent).
 */
export function createArgoCdApplicationAction(
  options: CreateArgoCdApplicationActionOptions,
) {
  const { config } = options;
  return createTemplateAction({
    id: 'argocd:app:create',
    description:
      "Creates an Argo CD Application from a rendered manifest (or updates the same owner's) and waits until it is Synced and Healthy",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        applicationFile: z =>
          z
            .string()
            .min(1)
            .describe('Workspace path of the rendered Application YAML'),
        owner: z =>
          z
            .string()
            .min(1)
            .describe(
              'Catalog owner of the service (entity ref); the Application is marked with it',
            ),
        waitForSync: z =>
          z
            .boolean()
            .optional()
            .describe('Wait until Synced and Healthy; default true'),
        timeoutSeconds: z =>
          z
            .number()
            .int()
            .min(1)
            .max(MAX_TIMEOUT_SECONDS)
            .optional()
            .describe('How long to wait for the sync; default 120'),
      },
      output: {
        name: z => z.string(),
        created: z => z.boolean(),
        syncStatus: z =>
          z.string().describe("Argo CD's sync status; 'dry-run' on a dry run"),
        healthStatus: z =>
          z
            .string()
            .describe("Argo CD's health status; 'dry-run' on a dry run"),
      },
    },
    async handler(ctx) {
      const settings = readArgoCdConfig(config);
      const waitForSync = ctx.input.waitForSync ?? true;
      const timeoutSeconds = ctx.input.timeoutSeconds ?? 120;
      if (
        !Number.isInteger(timeoutSeconds) ||
        timeoutSeconds < 1 ||
        timeoutSeconds > MAX_TIMEOUT_SECONDS
      ) {
        throw new InputError(
          `timeoutSeconds must be a whole number between 1 and ${MAX_TIMEOUT_SECONDS}`,
        );
      }
      const file = resolveSafeChildPath(
        ctx.workspacePath,
        ctx.input.applicationFile,
      );
      const text = await fs.readFile(file, 'utf8').catch(() => {
        // Also what a run resumed by another replica sees: task recovery skips the completed
        // steps, but their workspace files stayed with the replica that ran them.
        throw new InputError(
          `applicationFile '${ctx.input.applicationFile}' does not exist in the workspace. ` +
            'If this run was resumed after the portal instance running it stopped, the files of ' +
            'its earlier steps stayed there: run the template again with the same values; ' +
            'what this run already created is reused, not duplicated.',
        );
      });
      const app = parseApplicationManifest(text, settings);
      const { name } = app.metadata;
      const target = `Argo CD instance '${settings.instance.name}'`;
      // The shared service check: the Application is named after the service it deploys.
      const owner = checkServiceRequest(
        { name, owner: ctx.input.owner },
        ctx.user,
        options.adminGroups ?? [],
      );
      const expected: ExpectedApplication = {
        owner,
        repoUrl: settings.allowedRepoUrls[0],
        path: `services/${name}`,
      };
      markOwner(app, owner);
      const sources =
        app.spec.sources ?? (app.spec.source ? [app.spec.source] : []);
      if (sources.length !== 1 || sources[0].path !== expected.path) {
        throw new InputError(
          `Application '${name}' must deploy the path ${expected.path} of the GitOps repository, the service's own folder`,
        );
      }

      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would create Application '${name}' for ${owner} (project '${
            app.spec.project
          }') in ${target}${
            waitForSync
              ? ` and wait up to ${timeoutSeconds} s for it to be Synced and Healthy`
              : ''
          }. Nothing was sent to Argo CD.`,
        );
        ctx.output('name', name);
        ctx.output('created', false);
        ctx.output('syncStatus', DRY_RUN);
        ctx.output('healthStatus', DRY_RUN);
        return;
      }

      const client = new ArgoCdClient(settings.instance, {
        timeoutMs: options.requestTimeoutMs ?? 10_000,
        signal: ctx.signal,
      });
      const upserted = await ctx.checkpoint({
        key: `argocd-app-create-${settings.instance.name}-${name}`,
        fn: async () => {
          // Re-read right before writing: another run may have taken the name since the preflight.
          const updateOwn = async (existing: ArgoApplication) => {
            const problem = argoApplicationProblem(existing, expected);
            if (problem) {
              throw new ConflictError(
                `${problem}; it was not changed. Choose another service name.`,
              );
            }
            return {
              created: false,
              ...applicationStatus(await client.upsertApplication(app)),
            };
          };
          const inProject = { project: app.spec.project };
          const existing = await client.getApplication(name, inProject);
          if (existing) return updateOwn(existing);
          try {
            const result = await client.createApplication(app);
            return { created: true, ...applicationStatus(result) };
          } catch (error) {
            // The client reports a name taken since the read above as a ConflictError.
            if (!(error instanceof ConflictError)) throw error;
            const raced = await client.getApplication(name, inProject);
            if (raced) return updateOwn(raced);
            throw new ConflictError(
              `Argo CD already has an Application named '${name}' outside project '${app.spec.project}'; it was not changed. Choose another service name.`,
            );
          }
        },
      });
      ctx.logger.info(
        `${
          upserted.created ? 'Created' : 'Updated'
        } Application '${name}' in ${target}`,
      );
      if (!app.spec.syncPolicy?.automated) {
        ctx.logger.warn(
          `Application '${name}' has no automated sync policy; Argo CD will not sync it on its own`,
        );
      }

      let status = {
        syncStatus: upserted.syncStatus,
        healthStatus: upserted.healthStatus,
      };
      if (waitForSync) {
        ctx.logger.info(
          `Waiting up to ${timeoutSeconds} s for '${name}' to be Synced and Healthy`,
        );
        status = await waitForSyncedAndHealthy({
          client,
          name,
          project: app.spec.project,
          spec: app.spec,
          timeoutMs: timeoutSeconds * 1000,
          pollIntervalMs: options.pollIntervalMs ?? 3000,
          signal: ctx.signal,
          onStatus: s =>
            ctx.logger.info(`Application '${name}': ${describeStatus(s)}`),
        });
      }
      ctx.output('name', name);
      ctx.output('created', upserted.created);
      ctx.output('syncStatus', status.syncStatus);
      ctx.output('healthStatus', status.healthStatus);
    },
  });
}

/** Puts the owner annotation on the Application; a manifest marked for another owner is refused. */
function markOwner(app: { metadata: Record<string, any> }, owner: string) {
  const marked = applicationOwner(app);
  if (marked && !sameOwner(marked, owner)) {
    throw new InputError(
      `Application '${app.metadata.name}' is marked as owned by ${marked}, not ${owner}`,
    );
  }
  app.metadata.annotations = {
    ...(app.metadata.annotations ?? {}),
    [APPLICATION_OWNER_ANNOTATION]: owner,
  };
}
