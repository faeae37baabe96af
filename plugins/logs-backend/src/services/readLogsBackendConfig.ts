import { Config } from '@backstage/config';
import {
  LogFieldMapping,
  readLogFieldMapping,
} from '@internal/plugin-logs-common';

/** The Elasticsearch connection of the error count. @public */
export interface ElasticsearchConnection {
  url: string;
  index: string;
  timeoutMs: number;
  keywordSuffix: string;
  /** The `Authorization` header value, when credentials are configured. */
  authorization?: string;
}

/** What the logs backend reads from config. @public */
export interface LogsBackendConfig {
  /** Undefined when `opsPortal.logs.elasticsearch` is absent: the count is disabled. */
  elasticsearch?: ElasticsearchConnection;
  /** The same field mapping the Logs card builds its Kibana links with. */
  fields: LogFieldMapping;
}

function authorization(config: Config): string | undefined {
  const apiKey = config.getOptionalString('apiKey');
  const username = config.getOptionalString('username');
  const password = config.getOptionalString('password');
  if (apiKey && username) {
    throw new Error(
      'opsPortal.logs.elasticsearch: set either apiKey or username/password, not both',
    );
  }
  if (apiKey) return `ApiKey ${apiKey}`;
  if (username !== undefined || password !== undefined) {
    if (!username || !password) {
      throw new Error(
        'opsPortal.logs.elasticsearch: username and password go together',
      );
    }
    return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  }
  return undefined;
}

/**
 * Reads `opsPortal.logs.elasticsearch` (optional) and the field mapping
 * `opsPortal.logs.kibana.fields`. Fails at startup on a malformed block rather than on the
 * first request.
 * @public
 */
export function readLogsBackendConfig(config: Config): LogsBackendConfig {
  const fields = readLogFieldMapping(
    config.getOptionalConfig('opsPortal.logs.kibana.fields'),
  );
  const es = config.getOptionalConfig('opsPortal.logs.elasticsearch');
  if (!es) return { fields };
  const url = es.getString('url');
  const parsed = new URL(url);
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new Error('opsPortal.logs.elasticsearch.url must be http(s)');
  }
  const timeoutMs = es.getOptionalNumber('timeoutMs') ?? 5000;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new Error('opsPortal.logs.elasticsearch.timeoutMs must be positive');
  }
  const index = es.getOptionalString('index') ?? 'logs-*';
  if (!/^[^\s/?#,][^\s/?#]*$/.test(index)) {
    throw new Error(
      `opsPortal.logs.elasticsearch.index '${index}' is not an index expression`,
    );
  }
  return {
    fields,
    elasticsearch: {
      url: url.replace(/\/+$/, ''),
      index,
      timeoutMs,
      keywordSuffix: es.getOptionalString('keywordSuffix') ?? '',
      authorization: authorization(es),
    },
  };
}
