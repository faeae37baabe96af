import { Config } from '@backstage/config';

/** How a new Keycloak client's secret reaches the service's namespace. @public */
export type SecretDelivery = 'kubernetes' | 'external-secret';

/** What the OIDC KongPlugin and the client-secret manifests need from `opsPortal.keycloak`. @public */
export interface OidcManifestSettings {
  /** Issuer URL as Kong reaches it; discovery and introspection URLs derive from it. No trailing `/`. */
  issuerUrl: string;
  /** `kubernetes`: the Secret is created through the API (no manifest). `external-secret`: an ExternalSecret is rendered. */
  secretDelivery: SecretDelivery;
  /** ClusterSecretStore of the ExternalSecret; set when `secretDelivery` is `external-secret`. */
  externalSecretStore?: string;
}

/**
 * Everything the manifest builders take from the app config, besides the service request.
 * @public
 */
export interface ServiceManifestSettings {
  /** Image prefixes (such as `ghcr.io/acme/`) a new service may pull from. Never empty. */
  allowedImageRegistries: string[];
  /** Where Kong's tcp-log plugin sends one JSON line per request. */
  fluentd: { host: string; port: number };
  /** Host name Kong serves the routes on; undefined matches any host. */
  routeHost?: string;
  /** Public base URL of the Kong proxy (no trailing `/`); a route's URL is this + its path. */
  gatewayUrl: string;
  /** Argo CD project of the new Application; `default` only when the config allows it explicitly. */
  argocdProject: string;
  /** Namespaces a new service may not be created in (the platform's own). */
  deniedNamespaces: string[];
  /** The GitOps repository Argo CD syncs the service from. */
  gitops: { repoUrl: string; branch: string };
  /** Undefined when `opsPortal.keycloak` is not configured: services with `auth: oidc` are then refused. */
  oidc?: OidcManifestSettings;
}

/**
 * Fluentd endpoint when `opsPortal.scaffolder.fluentd` is not set: the in-cluster Service of the
 * platform's EFK stack (namespace `logs`, forward port 24224), as in the platform's tutorials.
 * @public
 */
export const DEFAULT_FLUENTD_ENDPOINT = Object.freeze({
  host: 'fluentd.logs.svc',
  port: 24224,
});

/**
 * The platform's own namespaces (the portal's `ops-portal` among them), refused as the namespace
 * of a new service when `opsPortal.scaffolder.deniedNamespaces` is not set. The same list is in
 * deploy/: the writer's admission policy, the services AppProject's denied destinations and the
 * chart's `rbac.writer.deniedNamespaces` (deployDeniedNamespaces.test.ts keeps them equal).
 * @public
 */
export const DEFAULT_DENIED_NAMESPACES: readonly string[] = Object.freeze([
  'default',
  'kube-system',
  'kube-public',
  'kube-node-lease',
  'ops-portal',
  'argocd',
  'istio-system',
  'kong',
  'keycloak',
  'iam',
  'logging',
  'logs',
]);

/** Argo CD's catch-all project, which allows every source and destination. */
const ARGOCD_DEFAULT_PROJECT = 'default';

const SECRET_DELIVERIES: readonly SecretDelivery[] = [
  'kubernetes',
  'external-secret',
];

function settingsError(key: string, problem: string): Error {
  return new Error(
    `Invalid app config for the new-service template: ${key} ${problem}`,
  );
}

/** `gatewayUrl` as configured, else `https://<routeHost>`; an absolute http(s) URL. */
function readGatewayUrl(configured?: string, routeHost?: string): string {
  const key = 'opsPortal.scaffolder.gatewayUrl';
  const value = configured ?? (routeHost ? `https://${routeHost}` : undefined);
  if (!value) throw settingsError(key, 'is required when routeHost is not set');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw settingsError(key, `must be an absolute URL, got "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw settingsError(key, 'must be an http(s) URL');
  }
  return value.replace(/\/+$/, '');
}

function required<T>(key: string, read: () => T | undefined): T {
  const value = read();
  if (value === undefined) {
    throw settingsError(key, 'is required');
  }
  return value;
}

function readOidc(config: Config): OidcManifestSettings | undefined {
  const keycloak = config.getOptionalConfig('opsPortal.keycloak');
  if (!keycloak) return undefined;
  const baseUrl = required('opsPortal.keycloak.baseUrl', () =>
    keycloak.getOptionalString('baseUrl'),
  );
  const realm = required('opsPortal.keycloak.realm', () =>
    keycloak.getOptionalString('realm'),
  );
  const issuerUrl = (
    keycloak.getOptionalString('issuerUrl') ??
    `${baseUrl.replace(/\/+$/, '')}/realms/${encodeURIComponent(realm)}`
  ).replace(/\/+$/, '');

  const delivery = keycloak.getOptionalString('secretDelivery') ?? 'kubernetes';
  if (!SECRET_DELIVERIES.includes(delivery as SecretDelivery)) {
    throw settingsError(
      'opsPortal.keycloak.secretDelivery',
      `must be one of ${SECRET_DELIVERIES.join(', ')}, got '${delivery}'`,
    );
  }
  const externalSecretStore = keycloak.getOptionalString('externalSecretStore');
  if (delivery === 'external-secret' && !externalSecretStore) {
    throw settingsError(
      'opsPortal.keycloak.externalSecretStore',
      "is required when secretDelivery is 'external-secret'",
    );
  }
  return {
    issuerUrl,
    secretDelivery: delivery as SecretDelivery,
    ...(externalSecretStore ? { externalSecretStore } : {}),
  };
}

function readFluentd(scaffolder: Config): { host: string; port: number } {
  const fluentd = scaffolder.getOptionalConfig('fluentd');
  if (!fluentd) return { ...DEFAULT_FLUENTD_ENDPOINT };
  const host = required('opsPortal.scaffolder.fluentd.host', () =>
    fluentd.getOptionalString('host'),
  );
  const port = required('opsPortal.scaffolder.fluentd.port', () =>
    fluentd.getOptionalNumber('port'),
  );
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw settingsError(
      'opsPortal.scaffolder.fluentd.port',
      `must be a port number, got ${port}`,
    );
  }
  return { host, port };
}

function readArgoCdProject(scaffolder: Config): string {
  const key = 'opsPortal.scaffolder.argocdProject';
  const project = (
    scaffolder.getOptionalString('argocdProject') ?? ARGOCD_DEFAULT_PROJECT
  ).trim();
  if (!project) throw settingsError(key, 'must not be empty');
  if (
    project === ARGOCD_DEFAULT_PROJECT &&
    scaffolder.getOptionalBoolean('allowDefaultProject') !== true
  ) {
    throw settingsError(
      key,
      "must name a restricted AppProject (such as the one in deploy/argocd/appproject-services.yaml), not Argo CD's unrestricted 'default'; set opsPortal.scaffolder.allowDefaultProject: true to allow 'default' (local development only)",
    );
  }
  return project;
}

function readDeniedNamespaces(scaffolder: Config): string[] {
  const configured = scaffolder.getOptionalStringArray('deniedNamespaces');
  if (!configured) return [...DEFAULT_DENIED_NAMESPACES];
  const names = configured.map(name => name.trim());
  if (names.some(name => name === '')) {
    throw settingsError(
      'opsPortal.scaffolder.deniedNamespaces',
      'must not contain an empty name',
    );
  }
  return [...new Set(names)];
}

/**
 * Reads the settings of the rendered manifests from `opsPortal.scaffolder`, `opsPortal.keycloak`
 * and `opsPortal.gitops`. Throws an error naming the key when a required value is missing or invalid.
 * @public
 */
export function readServiceManifestSettings(
  config: Config,
): ServiceManifestSettings {
  const scaffolder = config.getOptionalConfig('opsPortal.scaffolder');
  if (!scaffolder) throw settingsError('opsPortal.scaffolder', 'is required');
  const allowedImageRegistries = required(
    'opsPortal.scaffolder.allowedImageRegistries',
    () => scaffolder.getOptionalStringArray('allowedImageRegistries'),
  ).map(prefix => prefix.trim());
  if (
    allowedImageRegistries.length === 0 ||
    allowedImageRegistries.some(prefix => prefix === '')
  ) {
    throw settingsError(
      'opsPortal.scaffolder.allowedImageRegistries',
      'must list at least one non-empty registry prefix',
    );
  }

  const repoUrl = required('opsPortal.gitops.repoUrl', () =>
    config.getOptionalString('opsPortal.gitops.repoUrl'),
  );
  const branch = config.getOptionalString('opsPortal.gitops.branch') ?? 'main';
  const routeHost = scaffolder.getOptionalString('routeHost');
  const gatewayUrl = readGatewayUrl(
    scaffolder.getOptionalString('gatewayUrl'),
    routeHost,
  );
  const oidc = readOidc(config);

  return {
    allowedImageRegistries,
    fluentd: readFluentd(scaffolder),
    ...(routeHost ? { routeHost } : {}),
    gatewayUrl,
    argocdProject: readArgoCdProject(scaffolder),
    deniedNamespaces: readDeniedNamespaces(scaffolder),
    gitops: { repoUrl, branch },
    ...(oidc ? { oidc } : {}),
  };
}
