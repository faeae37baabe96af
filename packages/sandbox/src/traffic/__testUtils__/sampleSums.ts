import { MetricFamily } from '../exposition';

/** Sums the samples of `name` (family name plus suffix) whose labels include `where`. */
export function sumWhere(
  families: MetricFamily[],
  name: string,
  where: Record<string, string> = {},
): number {
  let total = 0;
  for (const family of families) {
    for (const sample of family.samples) {
      if (`${family.name}${sample.suffix ?? ''}` !== name) continue;
      const labels = Object.fromEntries(sample.labels);
      if (Object.entries(where).every(([k, v]) => labels[k] === v)) {
        total += sample.value;
      }
    }
  }
  return total;
}

/** The share of `istio_requests_total` (destination reporter) per `destination_version`. */
export function versionShares(
  families: MetricFamily[],
  service: string,
  versions: string[],
): Record<string, number> {
  const where = { reporter: 'destination', destination_service_name: service };
  const total = sumWhere(families, 'istio_requests_total', where);
  return Object.fromEntries(
    versions.map(version => [
      version,
      sumWhere(families, 'istio_requests_total', {
        ...where,
        destination_version: version,
      }) / total,
    ]),
  );
}
