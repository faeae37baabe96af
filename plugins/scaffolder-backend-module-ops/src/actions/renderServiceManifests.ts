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
import type { ClusterReader } from '../kubernetes/ClusterReader';
import {
  applicationFile,
  buildServiceManifestFiles,
  ownerEntityRef,
  renderManifestFile,
  serviceDirectory,
  ServiceManifestSettings,
} from '../manifests';
import { checkPolicies } from '../policies';
import { checkAgainstCluster } from '../policies/clusterChecks';
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
  /**
   * Reads the target namespace and the Ingresses of the cluster (`createClusterReader(config)`);
   * called on each run. A real run fails when the cluster cannot be read; a dry run warns and
   * renders anyway.
   */
  clusterReader: () => ClusterReader;
}

function isRefusal(error: unknown): boolean {
  const name = (error as Error | undefined)?.name;
  return name === 'NotAllowedError' || name === 'ConflictError';
}

/**
 * Runs the cluster checks. A refusal always fails the step. When the cluster cannot be read, a
 * real run fails (nothing is written unchecked) and a dry run warns and goes on.
 */
async function checkCluster(
  ctx: {
    isDryRun?: boolean;
    logger: { warn(message: string): void; info(message: string): void };
  },
  check: () => Promise<void>,
): Promise<void> {
  try {
    await check();
    ctx.logger.info(
      'Namespace ownership and route overlap checked against the cluster',
    );
  } catch (error) {
    if (isRefusal(error)) throw error;
    const reason = (error as Error).message;
    if (ctx.isDryRun) {
      ctx.logger.warn(
        `Dry run: namespace ownership and route overlap were not checked, the cluster could not be read: ${reason}`,
      );
      return;
    }
    throw new Error(
      `Cannot check the namespace and route against the cluster, so nothing was written: ${reason}`,
    );
  }
}

function toPosix(relative: string): string {
  return relative.split(path.sep).join('/');
}

/**
 * `ops:service:render`: validates a new-service request, builds the service's manifests and
 * Argo CD Application, checks the platform policies and writes `services/<name>/*.yaml` and
 * `apps/<name>.yaml` under `targetPath` in the workspace. Before anything is written it refuses a
 * platform namespace (`opsPortal.scaffolder.deniedNamespaces`), a namespace of another owner or
 * one the portal does not manage, and a route that overlaps another service's Ingress (read from
 * the cluster), and any policy violation. Dry runs render the same files (only the workspace is
 * touched), which is how the template editor shows them; they run the cluster checks too, and
 * only warn when the cluster cannot be read.
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
      if (settings.deniedNamespaces.includes(request.namespace)) {
        throw new InputError(
          `Namespace '${request.namespace}' is a platform namespace (opsPortal.scaffolder.deniedNamespaces); a service may not be created there`,
        );
      }

      const files = buildServiceManifestFiles(request, settings);
      const violations = checkPolicies(
        files.flatMap(file => file.documents.map(document => document.object)),
        {
          allowedImageRegistries: settings.allowedImageRegistries,
          deniedNamespaces: settings.deniedNamespaces,
        },
      );
      if (violations.length > 0) {
        throw new InputError(violations.map(v => v.message).join('\n'));
      }
      await checkCluster(ctx, () =>
        checkAgainstCluster(
          {
            name: request.name,
            namespace: request.namespace,
            owner: ownerEntityRef(request.owner),
            routePath: request.routePath,
            routeHost: settings.routeHost,
          },
          options.clusterReader(),
        ),
      );

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
