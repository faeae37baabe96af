import { AuthService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { readGitOpsConfig } from '@internal/plugin-ops-node';
import { buildFileUrl } from '../gitops/fileUrl';
import { checkServiceRequest } from './initiatorOwnership';

/** Options of {@link createRegisterServiceEntityAction}. */
export interface RegisterServiceEntityActionOptions {
  /** Root config: `opsPortal.gitops` (file URL template, branch). */
  config: Config;
  /** Registers with the scaffolder's own service credentials. */
  catalog: CatalogService;
  auth: AuthService;
  /** Groups whose members may create services for any owner (`permission.opsPolicy.adminGroups`). */
  adminGroups: string[];
}

/** The repository path of a service's catalog entity, as the template writes it. */
export function serviceCatalogInfoPath(name: string): string {
  return `services/${name}/catalog-info.yaml`;
}

/**
 * `ops:catalog:register` — registers the catalog entity of the service this run published, and
 * nothing else. Registering a location is admin-only for users (a location decides which entities
 * exist and who owns them), so the stock `catalog:register`, which calls the catalog with the
 * initiator's credentials, is refused for an ordinary owner. This action registers with the
 * scaffolder's own credentials, but only the URL it builds itself from `opsPortal.gitops`
 * (`services/<name>/catalog-info.yaml` on the configured branch or the run's review branch) after
 * the template's preflight and `gitops:publish` have established that the folder is the owner's.
 */
export function createRegisterServiceEntityAction(
  options: RegisterServiceEntityActionOptions,
) {
  const { config, catalog, auth, adminGroups } = options;
  return createTemplateAction({
    id: 'ops:catalog:register',
    description:
      "Registers the published catalog-info.yaml of the service in the catalog (the portal's own credentials, this service's file only)",
    supportsDryRun: true,
    schema: {
      input: {
        name: z => z.string().min(1).describe('Service name'),
        owner: z => z.string().min(1).describe('Owner (entity ref)'),
        branch: z =>
          z
            .string()
            .optional()
            .describe(
              "Branch gitops:publish pushed to: the configured branch (default) or 'scaffolder/<name>'",
            ),
      },
      output: {
        entityRef: z => z.string().describe('The registered Component'),
        catalogInfoUrl: z => z.string().describe('The registered location'),
      },
    },
    async handler(ctx) {
      const { name } = ctx.input;
      checkServiceRequest(ctx.input, ctx.user, adminGroups);
      const gitops = readGitOpsConfig(config);
      const allowedBranches = [gitops.branch, `scaffolder/${name}`];
      const branch = ctx.input.branch ?? gitops.branch;
      if (!allowedBranches.includes(branch)) {
        throw new InputError(
          `branch '${branch}' is neither '${gitops.branch}' nor this service's review branch 'scaffolder/${name}'`,
        );
      }
      const target = buildFileUrl(
        gitops.fileUrlTemplate,
        branch,
        serviceCatalogInfoPath(name),
      );
      const expectedRef = stringifyEntityRef({
        kind: 'Component',
        namespace: 'default',
        name,
      });
      ctx.output('catalogInfoUrl', target);
      if (ctx.isDryRun) {
        ctx.logger.info(`Dry run: would register ${target}`);
        ctx.output('entityRef', expectedRef);
        return;
      }
      const credentials = await auth.getOwnServiceCredentials();
      // The catalog's defaultLocationConflictStrategy (refresh) makes an owner's re-run a refresh.
      const result = await catalog.addLocation(
        { type: 'url', target },
        { credentials },
      );
      const component =
        result.entities.find(
          e => e.kind === 'Component' && e.metadata.name === name,
        ) ?? result.entities[0];
      const entityRef = component ? stringifyEntityRef(component) : expectedRef;
      ctx.logger.info(`Registered ${target} as ${entityRef}`);
      ctx.output('entityRef', entityRef);
    },
  });
}
