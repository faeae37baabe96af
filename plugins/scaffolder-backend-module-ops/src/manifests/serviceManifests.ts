import { InputError } from '@backstage/errors';
import { ServiceRequest } from '@internal/plugin-ops-common';
import {
  applicationFile,
  buildArgoApplication,
  serviceDirectory,
} from './argoApplication';
import { buildDeployment, DeploymentOptions } from './deployment';
import { buildHorizontalPodAutoscaler } from './hpa';
import { buildIngress } from './ingress';
import { buildDestinationRule, buildVirtualService } from './istio';
import { KongPlugin } from './kongPlugin';
import {
  buildOidcPlugin,
  buildPrometheusPlugin,
  buildRateLimitingPlugin,
  buildTcpLogPlugin,
} from './kongPlugins';
import { buildOidcClientExternalSecret } from './oidcClientSecret';
import { buildService } from './service';
import { ServiceManifestSettings } from './settings';
import { ManifestFile } from './yaml';

const RENDERED_BY = "Rendered by the ops portal's new-service template.";

/**
 * The service's KongPlugins, in the order the Ingress lists them: oidc (when `auth` is `oidc`),
 * rate limiting, prometheus, tcp-log (when `logShipping`).
 * @public
 */
export function buildKongPlugins(
  request: ServiceRequest,
  settings: ServiceManifestSettings,
): KongPlugin<object>[] {
  const plugins: KongPlugin<object>[] = [];
  if (request.auth === 'oidc') {
    if (!settings.oidc) {
      throw new InputError(
        "Authentication 'oidc' needs opsPortal.keycloak in the app config; choose 'none' or ask the platform team",
      );
    }
    plugins.push(buildOidcPlugin(request, settings.oidc));
  }
  plugins.push(
    buildRateLimitingPlugin(request),
    buildPrometheusPlugin(request),
  );
  if (request.logShipping) {
    plugins.push(buildTcpLogPlugin(request, settings.fluentd));
  }
  return plugins;
}

function kongPluginsFile(
  request: ServiceRequest,
  plugins: KongPlugin<object>[],
  directory: string,
): ManifestFile {
  const comments: Record<string, string> = {
    'rate-limiting':
      request.auth === 'oidc'
        ? 'Per-user rate limit: keyed on the credential the oidc plugin sets from the verified token\n' +
          '(the client IP when there is none), never on a header the client chooses.'
        : 'Rate limit per client IP, never on a header the client chooses.',
    oidc:
      "OIDC against Keycloak (community oidc plugin): only bearer JWTs whose aud is this service's\n" +
      `client ${request.name} pass. The client secret is never in Git: configPatches reads it from\n` +
      `the Secret ${request.name}-oidc-client (key client-secret).`,
    prometheus:
      "The four metric families are off by default in Kong's prometheus plugin; the ops tab needs them.",
    'tcp-log':
      'One JSON line per request to Fluentd, which forwards to Elasticsearch.',
  };
  return {
    path: `${directory}/kong-plugins.yaml`,
    header: `KongPlugins of ${request.name}, listed in its Ingress. ${RENDERED_BY}`,
    documents: plugins.map(plugin => ({
      comment: comments[plugin.plugin],
      object: plugin,
    })),
  };
}

/**
 * Builds every file of a new service: `services/<name>/*.yaml` (Deployment, Service, HPA,
 * Ingress, KongPlugins, Istio objects and, for OIDC with `external-secret` delivery, the
 * ExternalSecret of the client secret) and `apps/<name>.yaml` (the Argo CD Application).
 * Each object is validated against its schema; the policies are checked separately.
 * @public
 */
export function buildServiceManifestFiles(
  request: ServiceRequest,
  settings: ServiceManifestSettings,
  options: DeploymentOptions = {},
): ManifestFile[] {
  const { name, namespace } = request;
  const directory = serviceDirectory(name);
  const plugins = buildKongPlugins(request, settings);
  const where = `${name} in namespace ${namespace}`;

  const files: ManifestFile[] = [
    {
      path: `${directory}/deployment.yaml`,
      header: `Deployment of ${where}, version v1 (${request.image}).\nReplicas are left to the HorizontalPodAutoscaler. ${RENDERED_BY}`,
      documents: [{ object: buildDeployment(request, options) }],
    },
    {
      path: `${directory}/service.yaml`,
      header: `Service of ${where}: port 80 to container port ${request.port}. ${RENDERED_BY}`,
      documents: [{ object: buildService(request) }],
    },
    {
      path: `${directory}/hpa.yaml`,
      header: `HorizontalPodAutoscaler of ${where}. ${RENDERED_BY}`,
      documents: [{ object: buildHorizontalPodAutoscaler(request) }],
    },
    {
      path: `${directory}/ingress.yaml`,
      header: `Kong routes ${request.routePath} to ${name}; the plugins run in the order Kong defines. ${RENDERED_BY}`,
      documents: [
        {
          object: buildIngress(request, {
            pluginNames: plugins.map(plugin => plugin.metadata.name),
            host: settings.routeHost,
          }),
        },
      ],
    },
    kongPluginsFile(request, plugins, directory),
    {
      path: `${directory}/istio.yaml`,
      header: `Istio subsets and routes of ${where}: all traffic on v1. ${RENDERED_BY}`,
      documents: [
        { object: buildDestinationRule(request) },
        { object: buildVirtualService(request) },
      ],
    },
  ];

  if (
    request.auth === 'oidc' &&
    settings.oidc?.secretDelivery === 'external-secret' &&
    settings.oidc.externalSecretStore
  ) {
    files.push({
      path: `${directory}/external-secret.yaml`,
      header: `The Keycloak client secret of ${name}, from the store ${settings.oidc.externalSecretStore}.\nThe secret itself is written to the store out of band, never to Git. ${RENDERED_BY}`,
      documents: [
        {
          object: buildOidcClientExternalSecret(
            request,
            settings.oidc.externalSecretStore,
          ),
        },
      ],
    });
  }

  files.push({
    path: applicationFile(name),
    header: `Argo CD Application for ${name}: syncs ${directory} into namespace ${namespace}. ${RENDERED_BY}`,
    documents: [
      {
        object: buildArgoApplication(request, {
          project: settings.argocdProject,
          repoUrl: settings.gitops.repoUrl,
          branch: settings.gitops.branch,
        }),
      },
    ],
  });
  return files;
}
