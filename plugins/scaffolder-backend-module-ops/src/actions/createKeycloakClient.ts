import { Config } from '@backstage/config';
import { InputError, NotAllowedError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { isKubernetesLabelValue } from '@internal/plugin-ops-common';
import { readClusterWriter } from '@internal/plugin-ops-node';
import { validateServiceClientSpec } from '../keycloak/clientRepresentation';
import {
  ClientReusePolicy,
  KeycloakClientService,
} from '../keycloak/KeycloakClientService';
import {
  KeycloakSettings,
  readKeycloakConfig,
} from '../keycloak/readKeycloakConfig';
import {
  KubernetesSecretWriter,
  MANAGED_BY_LABEL,
  MANAGED_BY_VALUE,
} from '../kubernetes/KubernetesSecretWriter';
import { validateSecretTarget } from '../kubernetes/kubernetesNames';
import { KUBERNETES_ID_LABEL } from '../manifests/labels';
import { OIDC_CLIENT_SECRET_KEY } from '../manifests/oidcClientSecret';
import { examples } from './createKeycloakClient.examples';
import { assertInitiatorMayOwn } from './initiatorOwnership';
import {
  keycloakClientProblem,
  normalizeOwner,
  reservedClientIdProblem,
} from './takeoverChecks';

/** Names the cluster (in kubernetes.clusterLocatorMethods) that receives the client Secret. */
const CLUSTER_CONFIG_KEY = 'opsPortal.scaffolder.cluster';

/** Options of {@link createKeycloakClientAction}. */
export interface CreateKeycloakClientActionOptions {
  /** Root config: `opsPortal.keycloak`, `opsPortal.scaffolder.cluster`, `kubernetes.clusterLocatorMethods`. */
  config: Config;
  /** Timeout of each Kubernetes API call in milliseconds. Default 10000. */
  kubernetesTimeoutMs?: number;
  /** Groups whose members may create clients for any owner (`permission.opsPolicy.adminGroups`). */
  adminGroups?: string[];
}

/**
 * The portal's rule for service clients: reserved ids never, an existing client only when the
 * portal created it for the same service and owner.
 */
export function serviceClientPolicy(
  settings: Pick<KeycloakSettings, 'adminClientId'>,
): ClientReusePolicy {
  return {
    reservedProblem: clientId =>
      reservedClientIdProblem(clientId, settings.adminClientId),
    reuseProblem: (existing, marker) => keycloakClientProblem(existing, marker),
  };
}

/** Marks values a dry run cannot know. */
const DRY_RUN = 'dry-run';

/**
 * `keycloak:client:create` — creates the service's confidential OIDC client in the configured
 * realm, marked with the service and owner (or reuses the client it created for them earlier),
 * and delivers its secret to a Kubernetes Secret, or leaves it to an ExternalSecret. The secret
 * value is never part of the output, the task log or an error message.
 */
export function createKeycloakClientAction(
  options: CreateKeycloakClientActionOptions,
) {
  const { config } = options;
  return createTemplateAction({
    id: 'keycloak:client:create',
    description:
      'Creates a confidential Keycloak client (audience mapper for Kong), or reuses the one created for the same service and owner, and delivers its secret to a Kubernetes Secret',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        clientId: z =>
          z.string().min(1).describe('Client id, usually the service name'),
        owner: z =>
          z
            .string()
            .min(1)
            .describe(
              'Catalog owner of the service (entity ref); the client is marked with it',
            ),
        serviceName: z =>
          z
            .string()
            .optional()
            .describe(
              'Service the client belongs to (marked on the client); default the clientId',
            ),
        redirectUris: z =>
          z
            .array(z.string())
            .min(1)
            .describe('Redirect URIs of the authorization code flow'),
        webOrigins: z =>
          z
            .array(z.string())
            .optional()
            .describe("Allowed CORS origins; default ['+']"),
        audience: z =>
          z
            .string()
            .optional()
            .describe('The aud value of the tokens; default the clientId'),
        kubernetesId: z =>
          z
            .string()
            .optional()
            .describe(
              `Value of the ${KUBERNETES_ID_LABEL} label of the Secret; default the clientId`,
            ),
        secretTarget: z =>
          z
            .object({ namespace: z.string(), name: z.string() })
            .describe(
              'Namespace and name of the Secret that receives client-id and client-secret',
            ),
      },
      output: {
        clientId: z => z.string(),
        id: z =>
          z
            .string()
            .describe("Keycloak's internal client id; 'dry-run' on a dry run"),
        created: z => z.boolean(),
        secretRef: z => z.object({ namespace: z.string(), name: z.string() }),
        secretDelivery: z => z.enum(['kubernetes', 'external-secret']),
      },
    },
    async handler(ctx) {
      const settings = readKeycloakConfig(config);
      // The realm comes from config only: no input can choose it.
      const realm = settings.realm;
      const spec = {
        clientId: ctx.input.clientId,
        redirectUris: ctx.input.redirectUris,
        webOrigins: ctx.input.webOrigins ?? ['+'],
        audience: ctx.input.audience,
      };
      validateServiceClientSpec(spec);
      const policy = serviceClientPolicy(settings);
      const reserved = policy.reservedProblem(spec.clientId);
      if (reserved) {
        throw new NotAllowedError(reserved);
      }
      const marker = {
        service: ctx.input.serviceName ?? spec.clientId,
        owner: normalizeOwner(ctx.input.owner),
      };
      const target = validateSecretTarget(ctx.input.secretTarget);
      const kubernetesId = ctx.input.kubernetesId ?? spec.clientId;
      if (!isKubernetesLabelValue(kubernetesId)) {
        throw new InputError(
          `kubernetesId '${kubernetesId}' is not a valid label value; pass kubernetesId explicitly`,
        );
      }
      const delivery = settings.secretDelivery;
      // Read before any write so a config mistake fails before Keycloak is touched.
      // The writer credential of the cluster, not the read-only one of the Kubernetes plugin.
      const cluster =
        delivery === 'kubernetes'
          ? readClusterWriter(
              config,
              config.getString(CLUSTER_CONFIG_KEY),
              CLUSTER_CONFIG_KEY,
            )
          : undefined;
      const { principal } = await ctx.getInitiatorCredentials();
      const requestedBy =
        (principal as { userEntityRef?: string }).userEntityRef ?? 'a service';
      const where = `realm '${realm}' at Keycloak ${settings.baseUrl}`;
      const secretRef = { namespace: target.namespace, name: target.name };
      const deliveryNote = cluster
        ? `Secret ${target.namespace}/${target.name} (keys client-id, client-secret) in cluster '${cluster.name}'`
        : `nothing in the cluster: the ExternalSecret ${target.namespace}/${target.name} reads store '${settings.externalSecretStore}'`;

      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would create (or reuse the portal's own) confidential client '${spec.clientId}' of service '${marker.service}' for ${marker.owner} in ${where}, requested by ${requestedBy}; secret delivery: ${deliveryNote}. Nothing was sent to Keycloak or the cluster.`,
        );
        ctx.output('clientId', spec.clientId);
        ctx.output('id', DRY_RUN);
        ctx.output('created', false);
        ctx.output('secretRef', secretRef);
        ctx.output('secretDelivery', delivery);
        return;
      }

      assertInitiatorMayOwn(ctx.user, marker.owner, options.adminGroups ?? []);
      const keycloak = new KeycloakClientService(settings, policy);
      ctx.logger.info(
        `Ensuring confidential client '${spec.clientId}' in ${where} for ${requestedBy}`,
      );
      const client = await ctx.checkpoint({
        key: `keycloak-client-${realm}-${spec.clientId}`,
        fn: () => keycloak.ensureConfidentialClient(realm, spec, marker),
      });
      ctx.logger.info(
        client.created
          ? `Created client '${spec.clientId}' (id ${client.id}) in realm '${realm}'`
          : `Client '${spec.clientId}' (id ${
              client.id
            }) already exists in realm '${realm}'; reusing it and its secret${
              client.audienceMapperAdded
                ? ' (added the missing audience mapper)'
                : ''
            }`,
      );

      if (cluster) {
        const written = await ctx.checkpoint({
          key: `keycloak-client-secret-${realm}-${spec.clientId}-${target.namespace}-${target.name}`,
          // Returns only outcomes: checkpoint results are stored with the task.
          fn: async () => {
            const secret = await keycloak.readClientSecret(
              realm,
              client.id,
              spec.clientId,
            );
            const writer = new KubernetesSecretWriter(cluster, {
              timeoutMs: options.kubernetesTimeoutMs,
              signal: ctx.signal,
            });
            const namespace = await writer.ensureNamespace(target.namespace, {
              owner: marker.owner,
            });
            const outcome = await writer.applySecret({
              ...target,
              labels: {
                [KUBERNETES_ID_LABEL]: kubernetesId,
                [MANAGED_BY_LABEL]: MANAGED_BY_VALUE,
              },
              values: {
                'client-id': spec.clientId,
                [OIDC_CLIENT_SECRET_KEY]: secret,
              },
            });
            return { namespace, secret: outcome };
          },
        });
        if (written.namespace === 'created') {
          ctx.logger.info(
            `Created namespace '${target.namespace}' in cluster '${cluster.name}'`,
          );
        }
        ctx.logger.info(
          `Secret ${target.namespace}/${target.name} in cluster '${cluster.name}': ${written.secret}`,
        );
      } else {
        // The key and property the ExternalSecret of the manifests step reads.
        ctx.logger.warn(
          `Secret delivery is external-secret: nothing was written to the cluster. Put the secret of client '${spec.clientId}' (Keycloak realm '${realm}', Credentials tab) into secret store '${settings.externalSecretStore}' out of band, key '${target.namespace}/${target.name}', property '${OIDC_CLIENT_SECRET_KEY}'; the ExternalSecret turns it into Secret ${target.namespace}/${target.name}.`,
        );
      }

      ctx.output('clientId', spec.clientId);
      ctx.output('id', client.id);
      ctx.output('created', client.created);
      ctx.output('secretRef', secretRef);
      ctx.output('secretDelivery', delivery);
    },
  });
}
