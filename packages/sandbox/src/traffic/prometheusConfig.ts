/** Options for {@link prometheusScrapeConfig}. */
export interface PrometheusScrapeOptions {
  /** `host:port` of the sandbox's metrics listener. */
  target: string;
  /** Scrape (and evaluation) interval, e.g. `1s` in tests, `5s` in dev. */
  interval: string;
}

/**
 * A minimal Prometheus configuration that scrapes the sandbox's metrics listener as job
 * `sandbox`. YAML is a superset of JSON, so the JSON text is a valid `prometheus.yml`.
 */
export function prometheusScrapeConfig(
  options: PrometheusScrapeOptions,
): string {
  return `${JSON.stringify(
    {
      global: {
        scrape_interval: options.interval,
        evaluation_interval: options.interval,
      },
      scrape_configs: [
        {
          job_name: 'sandbox',
          metrics_path: '/metrics',
          static_configs: [{ targets: [options.target] }],
        },
      ],
    },
    null,
    2,
  )}\n`;
}
