import { Config } from '@backstage/config';
import { ConfigSources } from '@backstage/config-loader';
import path from 'node:path';
import { z } from 'zod';
import { KeycloakSeed } from './keycloak/seedKeycloak';
import { REPOSITORY_ROOT } from './packagePaths';
import { KONG_NAMINGS } from './traffic/kongNames';
import { TRAFFIC_DEFAULTS, TrafficSettings } from './traffic/TrafficSimulator';

/** The name of the cluster and the Argo CD instance the sandbox serves, in the portal's config. */
export const SANDBOX_INSTANCE_NAME = 'sandbox';

/** A loopback listen address taken from a URL in the portal's config. */
export interface SandboxEndpoint {
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
}

/** Defaults of the `sandbox.keycloak` block: every key is optional. */
export const KEYCLOAK_DEFAULTS = {
  url: 'http://127.0.0.1:7174',
  realms: ['platform', 'driver'],
  adminClientId: 'ops-portal-admin',
  adminClientSecret: 'sandbox-dev-secret',
  adminUsername: 'admin',
  adminPassword: 'admin',
} as const;

/** Default address of the metrics listener (`sandbox.metrics.url`). */
export const METRICS_DEFAULT_URL = 'http://127.0.0.1:7175';

/** Default address of the Elasticsearch stand-in (`sandbox.elasticsearch.url`). */
export const ELASTICSEARCH_DEFAULT_URL = 'http://127.0.0.1:7176';

/** A custom resource the Kubernetes API stand-in serves, from `kubernetes.customResources`. */
export interface SandboxCustomResource {
  group: string;
  apiVersion: string;
  plural: string;
  kind?: string;
  namespaced?: boolean;
}

/** Everything the sandbox needs, read from the same config files the portal reads. */
export interface SandboxConfig {
  kubernetes: SandboxEndpoint & {
    /** Full access: the writers' token (`opsPortal.kubernetes.writers`), else the cluster's. */
    token: string;
    /** Get/list/watch without Secrets: the cluster's own token when a writer token is set apart. */
    readerToken?: string;
  };
  argocd: SandboxEndpoint & {
    /** Full access: the writers' token (`opsPortal.argocd.writers`), else the instance's. */
    token: string;
    /** GET only: the instance's own token when a writer token is set apart. */
    readerToken?: string;
    /** Accepted by `POST /api/v1/session` when the portal is configured with username/password. */
    username?: string;
    password?: string;
  };
  git: SandboxEndpoint & { repository: string };
  /** The Keycloak stand-in: where it listens and what it starts with (`sandbox.keycloak`). */
  keycloak: SandboxEndpoint & KeycloakSeed;
  /** The traffic simulator's Prometheus listener (`GET /metrics`, `sandbox.metrics.url`). */
  metrics: SandboxEndpoint;
  /** The Elasticsearch stand-in with seeded log documents (`sandbox.elasticsearch.url`). */
  elasticsearch: SandboxEndpoint & {
    /** When set, every request must carry `Authorization: ApiKey <apiKey>` (else 401). */
    apiKey?: string;
  };
  /** How the traffic simulator generates requests (`sandbox.traffic`). */
  traffic: TrafficSettings;
  /** Absolute path of the sandbox's state (bare repository, ...). */
  dataDir: string;
  argocdPollSeconds: number;
  /**
   * How long a sync or rollback requested through the Argo CD API stays `Running` before it
   * applies, in milliseconds (`sandbox.argocdOperationDelayMs`, default 0).
   */
  argocdOperationDelayMs?: number;
  customResources: SandboxCustomResource[];
}

/** Options for {@link loadSandboxConfig}. */
export interface LoadSandboxConfigOptions {
  /** Command line arguments; `--config <file>` entries replace the default config files. */
  argv?: string[];
  /** The repository root: where the config files live and what `dataDir` is relative to. */
  rootDir?: string;
}

const loopbackUrl = z
  .string()
  .url()
  .transform((value, ctx) => {
    const url = new URL(value);
    if (url.protocol !== 'http:') {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: `must be an http:// URL, got ${value}`,
      });
      return z.NEVER;
    }
    return { host: url.hostname, port: Number(url.port || 80) };
  });

const rawConfigSchema = z.object({
  kubernetes: z.object({ url: loopbackUrl, token: z.string().min(1) }),
  argocd: z.object({
    url: loopbackUrl,
    token: z.string().min(1),
    username: z.string().optional(),
    password: z.string().optional(),
  }),
  git: z.object({
    url: loopbackUrl,
    repository: z.string().regex(/^[\w.-]+$/),
  }),
  keycloak: z.object({
    url: loopbackUrl.default(KEYCLOAK_DEFAULTS.url),
    realms: z
      .array(z.string().regex(/^[\w-]+$/))
      .default([...KEYCLOAK_DEFAULTS.realms]),
    adminClientId: z.string().min(1).default(KEYCLOAK_DEFAULTS.adminClientId),
    adminClientSecret: z
      .string()
      .min(1)
      .default(KEYCLOAK_DEFAULTS.adminClientSecret),
    adminUsername: z.string().min(1).default(KEYCLOAK_DEFAULTS.adminUsername),
    adminPassword: z.string().min(1).default(KEYCLOAK_DEFAULTS.adminPassword),
  }),
  metrics: z.object({ url: loopbackUrl.default(METRICS_DEFAULT_URL) }),
  elasticsearch: z.object({
    url: loopbackUrl.default(ELASTICSEARCH_DEFAULT_URL),
  }),
  traffic: z.object({
    tickSeconds: z.number().positive().default(TRAFFIC_DEFAULTS.tickSeconds),
    seed: z.number().int().default(TRAFFIC_DEFAULTS.seed),
    requestsPerSecondPerReplica: z
      .number()
      .nonnegative()
      .default(TRAFFIC_DEFAULTS.requestsPerSecondPerReplica),
    baseErrorRate: z
      .number()
      .min(0)
      .max(1)
      .default(TRAFFIC_DEFAULTS.baseErrorRate),
    medianLatencyMs: z
      .number()
      .positive()
      .default(TRAFFIC_DEFAULTS.medianLatencyMs),
    kongNaming: z
      .enum(KONG_NAMINGS as [string, ...string[]])
      .default(TRAFFIC_DEFAULTS.kongNaming),
  }),
  dataDir: z.string().min(1),
  argocdPollSeconds: z.number().positive().default(5),
  argocdOperationDelayMs: z.number().int().nonnegative().default(0),
  customResources: z
    .array(
      z.object({
        group: z.string().min(1),
        apiVersion: z.string().min(1),
        plural: z.string().min(1),
      }),
    )
    .default([]),
});

class MissingConfigError extends Error {
  name = 'MissingConfigError';
}

function findNamedEntry(config: Config, arrayKey: string, nestedKey: string) {
  for (const method of config.getOptionalConfigArray(arrayKey) ?? []) {
    for (const entry of method.getOptionalConfigArray(nestedKey) ?? []) {
      if (entry.getOptionalString('name') === SANDBOX_INSTANCE_NAME) {
        return entry;
      }
    }
  }
  throw new MissingConfigError(
    `No entry named '${SANDBOX_INSTANCE_NAME}' in ${arrayKey}[].${nestedKey}; the sandbox takes its address and token from it`,
  );
}

/** The writer token of the `sandbox` entry of `opsPortal.<kind>.writers`, if any. */
function findWriterToken(
  config: Config,
  writersKey: string,
  nameKey: string,
  tokenKey: string,
): string | undefined {
  return (config.getOptionalConfigArray(writersKey) ?? [])
    .find(entry => entry.getOptionalString(nameKey) === SANDBOX_INSTANCE_NAME)
    ?.getOptionalString(tokenKey);
}

/** The full-access token and, when the writer's is set apart, the read-only one. */
function splitTokens(readToken: string, writerToken: string | undefined) {
  return writerToken && writerToken !== readToken
    ? { token: writerToken, readerToken: readToken }
    : { token: readToken };
}

/**
 * Reads the sandbox settings out of an already loaded portal config: the `sandbox` block
 * (including the optional `sandbox.keycloak`), the `kubernetes` cluster named `sandbox` and the
 * `argocd` instance named `sandbox`. Their tokens are the read-only ones; the writer tokens of
 * `opsPortal.kubernetes.writers` and `opsPortal.argocd.writers` (entries named `sandbox`) get full
 * access. Without a writer entry the one token has full access.
 */
export function readSandboxConfig(
  config: Config,
  rootDir: string = REPOSITORY_ROOT,
): SandboxConfig {
  const cluster = findNamedEntry(
    config,
    'kubernetes.clusterLocatorMethods',
    'clusters',
  );
  const instance = findNamedEntry(
    config,
    'argocd.appLocatorMethods',
    'instances',
  );
  const sandbox = config.getOptionalConfig('sandbox');
  if (!sandbox) {
    throw new MissingConfigError('The config has no `sandbox` block');
  }
  const parsed = rawConfigSchema.safeParse({
    kubernetes: {
      url: cluster.getOptionalString('url'),
      token: cluster.getOptionalString('serviceAccountToken'),
    },
    argocd: {
      url: instance.getOptionalString('url'),
      token: instance.getOptionalString('token'),
      username: instance.getOptionalString('username'),
      password: instance.getOptionalString('password'),
    },
    git: {
      url: sandbox.getOptionalString('git.url'),
      repository: sandbox.getOptionalString('git.repository'),
    },
    keycloak: {
      url: sandbox.getOptionalString('keycloak.url'),
      realms: sandbox.getOptionalStringArray('keycloak.realms'),
      adminClientId: sandbox.getOptionalString('keycloak.adminClientId'),
      adminClientSecret: sandbox.getOptionalString(
        'keycloak.adminClientSecret',
      ),
      adminUsername: sandbox.getOptionalString('keycloak.adminUsername'),
      adminPassword: sandbox.getOptionalString('keycloak.adminPassword'),
    },
    metrics: { url: sandbox.getOptionalString('metrics.url') },
    elasticsearch: { url: sandbox.getOptionalString('elasticsearch.url') },
    traffic: {
      tickSeconds: sandbox.getOptionalNumber('traffic.tickSeconds'),
      seed: sandbox.getOptionalNumber('traffic.seed'),
      requestsPerSecondPerReplica: sandbox.getOptionalNumber(
        'traffic.requestsPerSecondPerReplica',
      ),
      baseErrorRate: sandbox.getOptionalNumber('traffic.baseErrorRate'),
      medianLatencyMs: sandbox.getOptionalNumber('traffic.medianLatencyMs'),
      kongNaming: sandbox.getOptionalString('traffic.kongNaming'),
    },
    dataDir: sandbox.getOptionalString('dataDir'),
    argocdPollSeconds: sandbox.getOptionalNumber('argocdPollSeconds'),
    argocdOperationDelayMs: sandbox.getOptionalNumber('argocdOperationDelayMs'),
    customResources: config.getOptional('kubernetes.customResources'),
  });
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map(issue => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
      .join('; ');
    throw new MissingConfigError(`Invalid sandbox config: ${problems}`);
  }
  const raw = parsed.data;
  return {
    kubernetes: {
      ...raw.kubernetes.url,
      ...splitTokens(
        raw.kubernetes.token,
        findWriterToken(
          config,
          'opsPortal.kubernetes.writers',
          'cluster',
          'serviceAccountToken',
        ),
      ),
    },
    argocd: {
      ...raw.argocd.url,
      ...splitTokens(
        raw.argocd.token,
        findWriterToken(
          config,
          'opsPortal.argocd.writers',
          'instance',
          'token',
        ),
      ),
      username: raw.argocd.username,
      password: raw.argocd.password,
    },
    git: { ...raw.git.url, repository: raw.git.repository },
    keycloak: {
      ...raw.keycloak.url,
      realms: raw.keycloak.realms.filter(realm => realm !== 'master'),
      adminClientId: raw.keycloak.adminClientId,
      adminClientSecret: raw.keycloak.adminClientSecret,
      adminUsername: raw.keycloak.adminUsername,
      adminPassword: raw.keycloak.adminPassword,
    },
    metrics: raw.metrics.url,
    elasticsearch: raw.elasticsearch.url,
    traffic: {
      ...raw.traffic,
      kongNaming: raw.traffic.kongNaming as TrafficSettings['kongNaming'],
    },
    dataDir: path.resolve(rootDir, raw.dataDir),
    argocdPollSeconds: raw.argocdPollSeconds,
    argocdOperationDelayMs: raw.argocdOperationDelayMs,
    customResources: raw.customResources,
  };
}

/**
 * Loads `app-config.yaml` (plus `app-config.local.yaml` when present, or the `--config` files given
 * in `argv`) from the repository root and extracts the sandbox settings.
 */
export async function loadSandboxConfig(
  options: LoadSandboxConfigOptions = {},
): Promise<SandboxConfig> {
  const rootDir = options.rootDir ?? REPOSITORY_ROOT;
  const source = ConfigSources.default({
    argv: options.argv ?? [],
    rootDir,
    // Environment variables are left out on purpose: the sandbox must agree with the files.
    env: {},
  });
  const config = await ConfigSources.toConfig(source);
  try {
    return readSandboxConfig(config, rootDir);
  } finally {
    config.close();
  }
}
