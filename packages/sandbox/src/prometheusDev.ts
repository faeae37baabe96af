import fs from 'node:fs/promises';
import path from 'node:path';
import { loadSandboxConfig } from './config';
import { prometheusScrapeConfig } from './traffic/prometheusConfig';

/* eslint-disable no-console */

/**
 * Writes `<dataDir>/prometheus/prometheus.yml` for the dev Prometheus (scripts/prometheus-dev.sh)
 * from the same config the sandbox reads, so it scrapes the sandbox's metrics listener wherever
 * `sandbox.metrics.url` puts it. Prints the folder (config file plus `data/`).
 */
async function main() {
  const config = await loadSandboxConfig({ argv: process.argv.slice(2) });
  const dir = path.join(config.dataDir, 'prometheus');
  await fs.mkdir(dir, { recursive: true });
  await fs.writeFile(
    path.join(dir, 'prometheus.yml'),
    prometheusScrapeConfig({
      target: `${config.metrics.host}:${config.metrics.port}`,
      interval: '5s',
    }),
  );
  console.log(dir);
}

main().catch(error => {
  console.error('Cannot write the Prometheus config:', error);
  process.exit(1);
});
