export interface Config {
  opsPortal?: {
    logs?: {
      /**
       * Elasticsearch for the recent error count of the Logs card. Without this block the
       * count is disabled (`GET /api/logs/error-count` answers `{ disabled: true }`) and the card
       * shows its Kibana links only. Backend only.
       */
      elasticsearch?: {
        /** Base URL of the cluster, e.g. `https://es.example.com:9200`. */
        url: string;
        /** Index expression the logs live in, e.g. `logs-*`. Default `logs-*`. */
        index?: string;
        /** Basic auth user (with `password`). */
        username?: string;
        /**
         * Basic auth password.
         * @visibility secret
         */
        password?: string;
        /**
         * An API key (`id:key` base64, as Elasticsearch issues it); sent as `ApiKey <key>`.
         * @visibility secret
         */
        apiKey?: string;
        /** Timeout of each Elasticsearch request in milliseconds. Default 5000. */
        timeoutMs?: number;
        /**
         * Appended to the field names of `term` / `terms` queries, e.g. `.keyword` when the
         * log fields are dynamically mapped as text with a keyword sub-field. Default none.
         */
        keywordSuffix?: string;
      };
      /**
       * How long an error count is served from Backstage's cache (shared by every replica: Redis
       * in production), in seconds; 0 turns it off. Default 15.
       */
      cacheTtlSeconds?: number;
    };
  };
}
