import { AuthService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { ConflictError, NotAllowedError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { ArgoCdClient, readGitOpsConfig } from '@internal/plugin-ops-node';
import { readArgoCdConfig } from '../argocd/readArgoCdConfig';
import { GitOpsServiceReader } from '../gitops/serviceState';
import { KeycloakClientService } from '../keycloak/KeycloakClientService';
import { readKeycloakConfig } from '../keycloak/readKeycloakConfig';
import { serviceClientPolicy } from './createKeycloakClient';
import { checkServiceRequest } from './initiatorOwnership';
import {
  argoApplicationProblem,
  catalogComponentProblem,
  gitopsServiceProblem,
  keycloakClientProblem,
} from './takeoverChecks';

/** Options of {@link createPreflightServiceAction}. */
export interface PreflightServiceActionOptions {
  /** Root config: `opsPortal.gitops`, `opsPortal.keycloak`, `opsPortal.scaffolder`, `argocd`. */
  config: Config;
  /** Read with the portal's own service credentials, so no entity is hidden from the check. */
  catalog: CatalogService;
  auth: AuthService;
  /** Groups whose members may create services for any owner (`permission.opsPolicy.adminGroups`). */
  adminGroups: string[];
  /** Timeout of each Argo CD request in milliseconds. Default 10000. */
  requestTimeoutMs?: number;
  /** Timeout of each git command in milliseconds. Default 60000. */
  gitTimeoutMs?: number;
}

/**
 * `ops:service:preflight` — the first step of the new-service template. Before anything is
 * written it checks, against live state and read-only, that the service name is free or is the
 * same owner's earlier run: the catalog Component, the Keycloak client (OIDC only), the Argo CD
 * Application and the service's paths in the GitOps repository. Runs in dry runs too.
 */
export function createPreflightServiceAction(
  options: PreflightServiceActionOptions,
) {
  const { config, catalog, auth, adminGroups } = options;
  return createTemplateAction({
    id: 'ops:service:preflight',
    description:
      "Refuses a service name that exists in the catalog, Keycloak, Argo CD or the GitOps repository and is not the requested owner's",
    supportsDryRun: true,
    schema: {
      input: {
        name: z => z.string().min(1).describe('Service name'),
        owner: z => z.string().min(1).describe('Requested owner (entity ref)'),
        auth: z =>
          z
            .enum(['none', 'oidc'])
            .optional()
            .describe('oidc also checks the Keycloak client; default none'),
      },
      output: {
        rerun: z =>
          z
            .boolean()
            .describe("True when something of the owner's earlier run exists"),
      },
    },
    async handler(ctx) {
      const { name } = ctx.input;
      const owner = checkServiceRequest(ctx.input, ctx.user, adminGroups);
      const gitops = readGitOpsConfig(config);
      const problems: string[] = [];
      const found: string[] = [];
      const note = (what: string, problem: string | undefined) => {
        if (problem) problems.push(problem);
        else if (what) found.push(what);
      };

      // 1. The catalog, as the portal sees it (not as the user may).
      const { items } = await catalog.getEntities(
        {
          filter: { kind: 'Component', 'metadata.name': name },
          fields: ['kind', 'metadata.name', 'metadata.namespace', 'spec.owner'],
        },
        { credentials: await auth.getOwnServiceCredentials() },
      );
      note(
        items.length ? 'catalog Component' : '',
        catalogComponentProblem(items, owner),
      );

      // 2. Keycloak, when the service gets a client: its id is the service name.
      if (ctx.input.auth === 'oidc') {
        const settings = readKeycloakConfig(config);
        const policy = serviceClientPolicy(settings);
        const reserved = policy.reservedProblem(name);
        if (reserved) {
          refuse(ctx, new NotAllowedError(reserved));
        }
        const existing = await new KeycloakClientService(
          settings,
          policy,
        ).findClient(settings.realm, name);
        note(
          existing ? 'Keycloak client' : '',
          existing
            ? keycloakClientProblem(existing, { service: name, owner })
            : undefined,
        );
      }

      // 3. Argo CD (required when the template creates the Application, i.e. commit mode).
      if (
        gitops.publishMode === 'commit' ||
        config.has('opsPortal.scaffolder.argocdInstance')
      ) {
        const settings = readArgoCdConfig(config);
        const existing = await new ArgoCdClient(settings.instance, {
          timeoutMs: options.requestTimeoutMs ?? 10_000,
          signal: ctx.signal,
        }).getApplication(name, { project: settings.project });
        note(
          existing ? 'Argo CD Application' : '',
          existing
            ? argoApplicationProblem(existing, {
                owner,
                repoUrl: gitops.repoUrl,
                path: `services/${name}`,
              })
            : undefined,
        );
      }

      // 4. The GitOps repository: the tracked branch, and the pull-request branch in branch mode.
      const branches = [
        gitops.branch,
        ...(gitops.publishMode === 'branch' ? [`scaffolder/${name}`] : []),
      ];
      const states = await new GitOpsServiceReader(gitops, {
        timeoutMs: options.gitTimeoutMs,
        signal: ctx.signal,
      }).read(name, branches);
      for (const state of states) {
        note(
          state.paths.length ? `GitOps files on '${state.branch}'` : '',
          gitopsServiceProblem(state, owner),
        );
      }

      if (problems.length > 0) {
        refuse(
          ctx,
          new ConflictError(
            `Service name '${name}' is taken and not ${owner}'s: ${problems.join(
              '; ',
            )}. Nothing was written; choose another name.`,
          ),
        );
      }
      ctx.logger.info(
        found.length
          ? `Service '${name}' already exists as ${owner}'s (${found.join(
              ', ',
            )}); this run updates it`
          : `Service name '${name}' is free in the catalog, ${
              ctx.input.auth === 'oidc' ? 'Keycloak, ' : ''
            }Argo CD and the GitOps repository`,
      );
      ctx.output('rerun', found.length > 0);
    },
  });
}

/** Logs the refusal on the task page and fails the step with it. */
function refuse(
  ctx: { logger: { warn(message: string): void } },
  error: Error,
): never {
  ctx.logger.warn(error.message);
  throw error;
}
