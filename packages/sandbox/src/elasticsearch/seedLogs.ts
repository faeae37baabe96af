import { ElasticsearchStore } from './ElasticsearchStore';
import { EsDocument } from './queryMatcher';

/** A demo service whose logs the sandbox seeds. */
export interface SeedService {
  /** The kubernetes-id, also the `app` label and the Kubernetes Service name. */
  app: string;
  namespace: string;
  /** Pod names the application documents come from. */
  pods: string[];
  /** Kong route path prefix. */
  path: string;
}

/** The demo services of the catalog (catalog/ops-demo.yaml) in their namespaces. */
export const SEED_LOG_SERVICES: SeedService[] = [
  {
    app: 'driver',
    namespace: 'driver',
    pods: ['driver-5f7c9d8b6-k2x4p', 'driver-5f7c9d8b6-q8m3z'],
    path: '/api/driver',
  },
  {
    app: 'giropops-senhas',
    namespace: 'giropops',
    pods: ['giropops-senhas-6c8d7f9b5-h4j2n'],
    path: '/api/giropops',
  },
  {
    app: 'nginx-ab',
    namespace: 'nginx-ab',
    pods: ['nginx-ab-v1-7b9f8c6d4-p9r2t', 'nginx-ab-v2-5d6c7b8a9-w3x7y'],
    path: '/',
  },
];

/** Options of {@link seedLogDocuments}. */
export interface SeedLogOptions {
  /** The end of the seeded period; documents span the 24 hours before it. */
  now: Date;
  services?: SeedService[];
  /** Documents per service and hour for each of application and Kong logs. Default 6. */
  perHour?: number;
  /**
   * Daily index prefix of the application lines. Default `logs-kubernetes-` (the Fluentd index
   * template's `logs-*`); `logstash-` is where Fluentd's `logstash_format` writes without a
   * template (dynamic mapping).
   */
  applicationIndexPrefix?: string;
  /** Daily index prefix of the Kong tcp-log lines; `false` for none. Default `logs-kong-`. */
  kongIndexPrefix?: string | false;
}

/** One seeded document and the index it goes to. */
export interface SeedLogEntry {
  index: string;
  document: EsDocument;
}

const LEVELS = [
  'info',
  'info',
  'info',
  'info',
  'warn',
  'info',
  'error',
  'info',
  'info',
  'info',
  'info',
  'fatal',
];
const STATUSES = [200, 200, 201, 200, 404, 200, 200, 429, 200, 502, 200, 500];
const METHODS = ['GET', 'GET', 'POST', 'GET'];

function day(date: Date): string {
  return date.toISOString().slice(0, 10).replace(/-/g, '.');
}

function applicationDocument(
  service: SeedService,
  pod: string,
  at: Date,
  n: number,
): EsDocument {
  const level = LEVELS[n % LEVELS.length];
  return {
    '@timestamp': at.toISOString(),
    stream: level === 'info' ? 'stdout' : 'stderr',
    level,
    log: `${level === 'info' ? 'handled' : 'failed'} request ${n} in ${
      service.app
    }`,
    kubernetes: {
      namespace_name: service.namespace,
      pod_name: pod,
      container_name: service.app,
      container_image: `registry.ops.local/${service.app}:1.0.0`,
      host: 'sandbox-node-1',
      labels: { app: service.app, 'backstage_io/kubernetes-id': service.app },
    },
  };
}

// One line as Kong's tcp-log plugin sends it (Kong 3.x basic log serializer).
function kongDocument(service: SeedService, at: Date, n: number): EsDocument {
  const status = STATUSES[n % STATUSES.length];
  const kongService = `${service.namespace}.${service.app}.pnum-80`;
  const uri = `${service.path.replace(/\/$/, '')}/items/${n}`;
  return {
    '@timestamp': at.toISOString(),
    started_at: at.getTime(),
    client_ip: `10.0.0.${(n % 200) + 1}`,
    request: {
      method: METHODS[n % METHODS.length],
      uri,
      url: `http://localhost:8000${uri}`,
      size: 312,
      headers: { host: 'localhost:8000' },
    },
    response: {
      status,
      size: 512,
      headers: { 'content-type': 'application/json' },
    },
    route: {
      name: `${service.namespace}.${service.app}.${service.app}.80`,
      paths: [service.path],
      protocols: ['http', 'https'],
    },
    service: {
      name: kongService,
      host: `${service.app}.${service.namespace}.80.svc`,
      port: 80,
      protocol: 'http',
    },
    latencies: { request: 12 + (n % 30), kong: 1, proxy: 10 + (n % 30) },
    upstream_uri: uri,
    workspace: 'default',
    tries: [{ ip: '10.1.0.10', port: 80, balancer_latency: 0 }],
  };
}

/**
 * The demo services' logs for the 24 hours before `now`: application lines in Fluentd's
 * kubernetes metadata shape (daily `logs-kubernetes-YYYY.MM.DD` indices) and Kong tcp-log lines
 * (`logs-kong-YYYY.MM.DD`), with the index each goes to. Deterministic for a given `now`; the
 * same documents the stand-in holds are bulk-indexed into a real Elasticsearch by the
 * real-infrastructure suite.
 */
export function seedLogEntries(options: SeedLogOptions): SeedLogEntry[] {
  const services = options.services ?? SEED_LOG_SERVICES;
  const perHour = options.perHour ?? 6;
  const applicationPrefix =
    options.applicationIndexPrefix ?? 'logs-kubernetes-';
  const kongPrefix = options.kongIndexPrefix ?? 'logs-kong-';
  const count = 24 * perHour;
  const step = (24 * 60 * 60 * 1000) / count;
  const entries: SeedLogEntry[] = [];
  for (const service of services) {
    for (let n = 0; n < count; n++) {
      const at = new Date(options.now.getTime() - (n + 0.5) * step);
      const pod = service.pods[n % service.pods.length];
      entries.push({
        index: `${applicationPrefix}${day(at)}`,
        document: applicationDocument(service, pod, at, n),
      });
      if (kongPrefix !== false) {
        entries.push({
          index: `${kongPrefix}${day(at)}`,
          document: kongDocument(service, at, n),
        });
      }
    }
  }
  return entries;
}

/** Adds {@link seedLogEntries} to a store. */
export function seedLogDocuments(
  store: ElasticsearchStore,
  options: SeedLogOptions,
): void {
  for (const { index, document } of seedLogEntries(options)) {
    store.add(index, document);
  }
}

/** A store seeded with the demo services' logs ending at `now`. */
export function createSeededElasticsearchStore(
  now: Date = new Date(),
): ElasticsearchStore {
  const store = new ElasticsearchStore();
  seedLogDocuments(store, { now });
  return store;
}
