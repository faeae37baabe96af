/**
 * Bad input for the new-service wizard, page by page, with the messages of the rules in
 * plugins/ops-common (serviceRequest.ts) and plugins/scaffolder-module-ops (validation.ts) and
 * the template's JSON schema `errorMessage`s. Per page: the label of its first input and of the
 * next page's, values that let it advance, and its cases: [inputs by label, id of the element
 * that shows the message, message].
 */
const dnsLabel =
  "Service name must be a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit";
const cpu = 'CPU target must be between 1 and 100 %';
export const SERVICE_FORM_PAGES: Array<{
  first: string;
  next: string;
  valid: Record<string, string>;
  cases: Array<[Record<string, string>, string, string]>;
}> = [
  {
    first: 'Service name',
    next: 'Container image',
    valid: { 'Service name': 'refunds' },
    cases: [
      [{ 'Service name': 'Payments' }, 'root_name__error', dnsLabel],
      [{ 'Service name': 'pay_ments' }, 'root_name__error', dnsLabel],
      [
        { 'Service name': 'a'.repeat(41) },
        'root_name__error',
        'Service name must be at most 40 characters',
      ],
      [
        { 'Service name': 'driver' },
        'root_name__error',
        'A component named "driver" already exists in the catalog',
      ],
    ],
  },
  {
    first: 'Container image',
    next: 'Route path',
    valid: { 'Container image': 'registry.ops.local/refunds:1.0.0' },
    cases: [],
  },
  {
    first: 'Route path',
    next: 'Minimum replicas',
    valid: { 'Route path': '/api/refunds', 'Rate limit': '20' },
    cases: [
      [
        { 'Rate limit': '-5' },
        'root_rateLimitPerSecond__error',
        'Rate limit must be at least 1 request per second',
      ],
      [
        { 'Route path': 'api/refunds' },
        'root_routePath__error',
        "Route path must start with '/'",
      ],
    ],
  },
  {
    first: 'Minimum replicas',
    next: 'Ship logs to Elasticsearch',
    valid: {
      'Minimum replicas': '2',
      'Maximum replicas': '4',
      'CPU target': '70',
    },
    cases: [
      [
        { 'Minimum replicas': '5', 'Maximum replicas': '2' },
        'root_autoscaling_maxReplicas-helper-text',
        'Minimum replicas must not be greater than maximum replicas',
      ],
      [
        { 'CPU target': '0' },
        'root_autoscaling_cpuTargetPercent-helper-text',
        cpu,
      ],
      [
        { 'CPU target': '101' },
        'root_autoscaling_cpuTargetPercent-helper-text',
        cpu,
      ],
    ],
  },
];
