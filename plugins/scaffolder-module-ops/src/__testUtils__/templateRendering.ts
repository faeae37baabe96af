import { createTemplateRenderer } from 'nunjitsu';

/** Every string in a value, depth first. */
export function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value && typeof value === 'object') {
    return Object.values(value).flatMap(stringsIn);
  }
  return [];
}

/** The dotted paths after `root.` in a template text, e.g. `parameters.autoscaling.minReplicas`. */
export function references(text: string, root: string): string[][] {
  const pattern = new RegExp(
    `\\b${root}\\.([A-Za-z_$][\\w$]*(?:\\.[A-Za-z_$][\\w$]*)*)`,
    'g',
  );
  return [...text.matchAll(pattern)].map(match => match[1].split('.'));
}

/**
 * The scaffolder's own template engine, as fetch:template and the task runner configure it; used
 * without the runner's fallback that passes a template through unrendered when it fails.
 */
export const renderer = createTemplateRenderer({ allowRegexExecution: true });

/** Renders every string of a step input the way the task runner does. */
export function renderInput(input: unknown, context: Record<string, any>): any {
  return JSON.parse(JSON.stringify(input), (_key, value) =>
    typeof value === 'string' ? renderer.renderValue(value, context) : value,
  );
}

/** A complete, valid set of the template's parameters. */
export const parametersFor = (auth: 'none' | 'oidc') => ({
  name: 'payments',
  description: 'Takes payments: cards & "wallets" # EU only\nSecond line',
  owner: 'group:default/team-drivers',
  system: 'system:default/ops-demo',
  image: 'ghcr.io/acme/payments:1.4.0',
  port: 8080,
  namespace: 'payments',
  routePath: '/api/payments',
  rateLimitPerSecond: 100,
  auth,
  autoscaling: { minReplicas: 2, maxReplicas: 5, cpuTargetPercent: 70 },
  logShipping: true,
});
