import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  SERVICE_NAME_MAX_LENGTH,
  serviceAuthSchema,
  serviceRequestSchema,
} from '@internal/plugin-ops-common';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  applicationFile,
  buildServiceManifestFiles,
  renderManifestFile,
  serviceDirectory,
  ServiceManifestSettings,
} from '../manifests';
import { checkPolicies } from '../policies';
import { examples } from './renderServiceManifests.examples';
import { assertInitiatorMayOwn } from './initiatorOwnership';

/** Options of {@link createRenderServiceManifestsAction}. @public */
export interface RenderServiceManifestsActionOptions {
  /**
   * From `readServiceManifestSettings(config)`; a function is called on each run, so a portal
   * without the `opsPortal` block still starts and the run names the missing key.
   */
  settings: ServiceManifestSettings | (() => ServiceManifestSettings);
  /** Groups whose members may create services for any owner (`permission.opsPolicy.adminGroups`). */
  adminGroups: string[];
}

function toPosix(relative: string): string {
  return relative.split(path.sep).join('/');
}

/**
 * `ops:service:render`: validates a new-service request, builds the service's manifests and
 * Argo CD Application, checks the platform policies and writes `services/<name>/*.yaml` and
 * `apps/<name>.yaml` under `targetPath` in the workspace. A policy violation fails the step
 * before anything is written. Dry runs render the same files (only the workspace is touched),
 * which is how the template editor shows them.
 * @public
 */
export function createRenderServiceManifestsAction(
  options: RenderServiceManifestsActionOptions,
) {
  const { adminGroups } = options;
  const currentSettings = () =>
    typeof options.settings === 'function'
      ? options.settings()
      : options.settings;
  return createTemplateAction({
    id: 'ops:service:render',
    description:
      "Renders a new service's Kubernetes, Kong, Istio and Argo CD manifests into the workspace, checked against the platform policies",
    examples,
    supportsDryRun: true,
    schema: {
      // The fields are declared with the scaffolder's own zod (its JSON schema feeds the template
      // editor); ops-common's schemas come from another zod copy whose types cannot be mixed in
      // here, so they run in the handler, the one place that decides validity and messages.
      input: {
        name: z =>
          z
            .string()
            .min(1)
            .max(SERVICE_NAME_MAX_LENGTH)
            .describe('Service name: a DNS-1123 label'),
        description: z =>
          z.string().max(500).optional().describe('What the service does'),
        owner: z => z.string().min(1).describe('Owner entity ref'),
        system: z =>
          z
            .string()
            .optional()
            .describe('System entity ref the service is part of'),
        image: z =>
          z
            .string()
            .min(1)
            .describe(
              'Container image, registry/path:tag, from an allowed registry',
            ),
        port: z =>
          z.number().int().min(1).max(65535).describe('Container port'),
        namespace: z =>
          z
            .string()
            .min(1)
            .max(63)
            .describe("Target namespace: a DNS-1123 label, never 'default'"),
        routePath: z =>
          z
            .string()
            .min(1)
            .describe('Kong route path prefix, such as /api/orders'),
        rateLimitPerSecond: z =>
          z
            .number()
            .int()
            .min(1)
            .max(100000)
            .describe('Requests per second per user'),
        auth: z =>
          z
            .enum(serviceAuthSchema.options)
            .describe('Authentication at the Kong route'),
        autoscaling: z =>
          z
            .object({
              minReplicas: z.number().int().min(1).max(100),
              maxReplicas: z.number().int().min(1).max(100),
              cpuTargetPercent: z.number().int().min(1).max(100),
              memoryTargetPercent: z.number().int().min(1).max(100).optional(),
            })
            .describe('HPA replica bounds and utilization targets (percent)'),
        logShipping: z =>
          z.boolean().describe("Ship Kong's access logs to Fluentd"),
        targetPath: z =>
          z
            .string()
            .optional()
            .describe(
              'Workspace-relative directory of the GitOps checkout. Default .',
            ),
      },
      output: {
        files: z =>
          z
            .array(z.string())
            .describe('Workspace-relative paths of the files written'),
        serviceDirectory: z =>
          z
            .string()
            .describe('Workspace-relative directory of the service manifests'),
        applicationFile: z =>
          z
            .string()
            .describe('Workspace-relative path of the Argo CD Application'),
        routeUrl: z =>
          z
            .string()
            .describe(
              'Public URL of the Kong route: the gateway URL + the route path',
            ),
      },
    },
    async handler(ctx) {
      const { targetPath = '.', ...fields } = ctx.input;
      const parsed = serviceRequestSchema.safeParse(fields);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new InputError(issue.message);
      }
      const request = parsed.data;
      assertInitiatorMayOwn(ctx.user, request.owner, adminGroups);
      const settings = currentSettings();
      const root = resolveSafeChildPath(ctx.workspacePath, targetPath);

      const files = buildServiceManifestFiles(request, settings);
      const violations = checkPolicies(
        files.flatMap(file => file.documents.map(document => document.object)),
        { allowedImageRegistries: settings.allowedImageRegistries },
      );
      if (violations.length > 0) {
        throw new InputError(violations.map(v => v.message).join('\n'));
      }

      const rendered = files.map(file => ({
        absolute: resolveSafeChildPath(root, file.path),
        content: renderManifestFile(file),
      }));
      const written: string[] = [];
      for (const file of rendered) {
        await mkdir(path.dirname(file.absolute), { recursive: true });
        await writeFile(file.absolute, file.content, 'utf8');
        const relative = toPosix(
          path.relative(ctx.workspacePath, file.absolute),
        );
        ctx.logger.info(`Wrote ${relative}`);
        written.push(relative);
      }

      const inWorkspace = (relative: string) =>
        toPosix(path.relative(ctx.workspacePath, path.join(root, relative)));
      ctx.output('files', written);
      ctx.output(
        'serviceDirectory',
        inWorkspace(serviceDirectory(request.name)),
      );
      ctx.output('applicationFile', inWorkspace(applicationFile(request.name)));
      ctx.output('routeUrl', `${settings.gatewayUrl}${request.routePath}`);
    },
  });
}
