export interface Config {
  opsPortal?: {
    /** Settings of the metrics backend (golden signals, HPA history, observed traffic split). */
    metrics?: {
      /**
       * Prometheus instances, in order of preference. An entity picks one by name with the
       * `ops-portal/prometheus-instance` annotation; without it the first one is used.
       */
      prometheus?: Array<{
        /** Name the annotation refers to, e.g. `main`. */
        name: string;
        /** Base URL the backend queries, e.g. http://prometheus.monitoring:9090 */
        url: string;
        /** Base URL of the Prometheus UI for deep links, when users reach it elsewhere. Default `url`. */
        publicUrl?: string;
        /**
         * Grafana dashboard of a service, with `${namespace}` and `${service}` placeholders (write
         * them as `$${namespace}` in YAML so config substitution leaves them alone). The values are
         * URL-encoded when substituted.
         */
        grafanaDashboardUrl?: string;
        /** Timeout of each query, in milliseconds. Default 5000. */
        timeoutMs?: number;
        /**
         * Bearer token sent to Prometheus (e.g. behind an authenticating proxy).
         * @visibility secret
         */
        bearerToken?: string;
      }>;
      /** How long query results are cached, in seconds. Default 15. */
      cacheTtlSeconds?: number;
      /**
       * Canary analysis of the Traffic card (and of rollouts): per destination version, over the
       * last interval. An entity overrides the thresholds with `ops-portal/canary-thresholds`.
       */
      canary?: {
        /** Analysis interval in seconds, 30 to 3600. Default 60. */
        intervalSeconds?: number;
        /** Lowest passing success rate (non-5xx share), percent. Default 99 (Flagger's). */
        minSuccessRate?: number;
        /** Highest passing p99 latency, milliseconds. Default 500 (Flagger's). */
        maxLatencyP99Ms?: number;
        /** Fewer requests in the interval and the verdict is inconclusive. Default 20. */
        minRequests?: number;
      };
    };
  };
}
