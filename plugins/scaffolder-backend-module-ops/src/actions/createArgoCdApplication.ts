import fs from 'node:fs/promises';
import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { parseApplicationManifest } from '../argocd/applicationManifest';
import { ArgoCdClient } from '../argocd/ArgoCdClient';
import { readArgoCdConfig } from '../argocd/readArgoCdConfig';
import {
  applicationStatus,
  describeStatus,
  waitForSyncedAndHealthy,
} from '../argocd/waitForSync';
import { examples } from './createArgoCdApplication.examples';

/** Options of {@link createArgoCdApplicationAction}. */
export interface CreateArgoCdApplicationActionOptions {
  /** Root config: `opsPortal.scaffolder.argocdInstance`, `argocd.appLocatorMethods`, `opsPortal.gitops.repoUrl`. */
  config: Config;
  /** Timeout of each Argo CD request in milliseconds. Default 10000. */
  requestTimeoutMs?: number;
  /** Pause between status polls while waiting for the sync, in milliseconds. Default 3000. */
  pollIntervalMs?: number;
}

const DRY_RUN = 'dry-run';
const MAX_TIMEOUT_SECONDS = 1800;

/**
 * `argocd:app:create` — creates (or updates) an Argo CD Application from a rendered manifest in
 * the workspace and, by default, waits until Argo CD reports it Synced and Healthy.
 */
export function createArgoCdApplicationAction(
  options: CreateArgoCdApplicationActionOptions,
) {
  const { config } = options;
  return createTemplateAction({
    id: 'argocd:app:create',
    description:
      'Creates or updates an Argo CD Application from a rendered manifest and waits until it is Synced and Healthy',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        applicationFile: z =>
          z
            .string()
            .min(1)
            .describe('Workspace path of the rendered Application YAML'),
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
        throw new InputError(
          `applicationFile '${ctx.input.applicationFile}' does not exist in the workspace`,
        );
      });
      const app = parseApplicationManifest(text, settings);
      const { name } = app.metadata;
      const target = `Argo CD instance '${settings.instanceName}' at ${settings.url}`;

      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would create or update Application '${name}' (project '${
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

      const client = new ArgoCdClient({
        url: settings.url,
        token: settings.token,
        timeoutMs: options.requestTimeoutMs ?? 10_000,
        signal: ctx.signal,
      });
      const upserted = await ctx.checkpoint({
        key: `argocd-app-upsert-${settings.instanceName}-${name}`,
        fn: async () => {
          const existing = await client.getApplication(name, app.spec.project);
          const result = await client.upsertApplication(app);
          return { created: !existing, ...applicationStatus(result) };
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
