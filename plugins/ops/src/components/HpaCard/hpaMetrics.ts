/**
 * The parts of an autoscaling/v2 HorizontalPodAutoscaler the HPA card reads. Structural, so the
 * objects the Kubernetes backend returns (`V2HorizontalPodAutoscaler`) fit without a dependency on
 * the Kubernetes client.
 */
export interface HpaObject {
  metadata?: { name?: string; namespace?: string };
  spec?: {
    minReplicas?: number;
    maxReplicas?: number;
    scaleTargetRef?: { kind?: string; name?: string };
    metrics?: HpaMetricSpec[];
  };
  status?: {
    currentReplicas?: number;
    desiredReplicas?: number;
    currentMetrics?: HpaMetricStatus[];
    conditions?: Array<{
      type?: string;
      status?: string;
      reason?: string;
      message?: string;
    }>;
  };
}

type Quantity = string | number;

interface MetricIdentifier {
  name?: string;
  selector?: unknown;
}

interface MetricTarget {
  type?: string;
  averageUtilization?: number;
  averageValue?: Quantity;
  value?: Quantity;
}

type MetricValueStatus = Omit<MetricTarget, 'type'>;

interface MetricSource<V> {
  type?: string;
  resource?: { name?: string } & V;
  containerResource?: { name?: string; container?: string } & V;
  pods?: { metric?: MetricIdentifier } & V;
  object?: {
    metric?: MetricIdentifier;
    describedObject?: { kind?: string; name?: string };
  } & V;
  external?: { metric?: MetricIdentifier } & V;
}

/** One entry of `spec.metrics`. */
export type HpaMetricSpec = MetricSource<{ target?: MetricTarget }>;
/** One entry of `status.currentMetrics`. */
export type HpaMetricStatus = MetricSource<{ current?: MetricValueStatus }>;

/** A metric the HPA scales on, ready to show. */
export interface HpaMetricRow {
  /** `Resource`, `ContainerResource`, `Pods`, `Object` or `External`. */
  type: string;
  /** `cpu`, `memory`, or the custom metric's name. */
  name: string;
  /** What the value is measured on: a container, every pod, an object, a selector. */
  scope: string;
  target: string;
  /** Undefined while the HPA reports no value for it (metrics API unavailable, just created). */
  current?: string;
}

function sourceOf<V>(metric: MetricSource<V>) {
  switch (metric.type) {
    case 'Resource':
      return {
        body: metric.resource,
        name: metric.resource?.name,
        scope: 'average over pods',
      };
    case 'ContainerResource':
      return {
        body: metric.containerResource,
        name: metric.containerResource?.name,
        scope: `container ${metric.containerResource?.container ?? '?'}`,
      };
    case 'Pods':
      return {
        body: metric.pods,
        name: metric.pods?.metric?.name,
        scope: `average per pod${selectorText(metric.pods?.metric?.selector)}`,
      };
    case 'Object': {
      const described = metric.object?.describedObject;
      return {
        body: metric.object,
        name: metric.object?.metric?.name,
        scope: `${described?.kind ?? '?'}/${described?.name ?? '?'}`,
      };
    }
    case 'External':
      return {
        body: metric.external,
        name: metric.external?.metric?.name,
        scope: `external${selectorText(metric.external?.metric?.selector)}`,
      };
    default:
      return { body: undefined, name: undefined, scope: '' };
  }
}

function selectorText(selector: unknown): string {
  const labels = (selector as { matchLabels?: Record<string, string> })
    ?.matchLabels;
  if (!labels || Object.keys(labels).length === 0) return '';
  const text = Object.entries(labels)
    .map(([key, value]) => `${key}=${value}`)
    .join(',');
  return ` (${text})`;
}

/** Identifies a metric across `spec.metrics` and `status.currentMetrics`. */
function metricKey<V>(metric: MetricSource<V>): string {
  const { name, scope } = sourceOf(metric);
  return `${metric.type}|${name}|${scope}`;
}

/** `70%`, `500m (average)`, `100`: a target as `kubectl describe hpa` would phrase it. */
export function formatTarget(target: MetricTarget | undefined): string {
  if (!target) return '–';
  switch (target.type) {
    case 'Utilization':
      return `${target.averageUtilization ?? '?'}% of request`;
    case 'AverageValue':
      return `${target.averageValue ?? '?'} (average)`;
    case 'Value':
      return String(target.value ?? '?');
    default:
      return '–';
  }
}

/** The current value in the same terms as the target, with the raw average next to a percentage. */
export function formatCurrent(
  current: MetricValueStatus | undefined,
  targetType: string | undefined,
): string | undefined {
  if (!current) return undefined;
  if (
    targetType === 'Utilization' &&
    current.averageUtilization !== undefined
  ) {
    return current.averageValue !== undefined
      ? `${current.averageUtilization}% (${current.averageValue})`
      : `${current.averageUtilization}%`;
  }
  if (current.averageValue !== undefined) return `${current.averageValue}`;
  if (current.value !== undefined) return `${current.value}`;
  if (current.averageUtilization !== undefined) {
    return `${current.averageUtilization}%`;
  }
  return undefined;
}

/**
 * Every metric target of the HPA with its current value from `status.currentMetrics`, in spec
 * order. Resource, ContainerResource, Pods, Object and External metrics are all covered.
 */
export function describeHpaMetrics(hpa: HpaObject): HpaMetricRow[] {
  const currentByKey = new Map(
    (hpa.status?.currentMetrics ?? []).map(metric => [
      metricKey(metric),
      sourceOf(metric).body?.current,
    ]),
  );
  return (hpa.spec?.metrics ?? []).map(metric => {
    const { body, name, scope } = sourceOf(metric);
    return {
      type: metric.type ?? 'Unknown',
      name: name ?? '?',
      scope,
      target: formatTarget(body?.target),
      current: formatCurrent(
        currentByKey.get(metricKey(metric)),
        body?.target?.type,
      ),
    };
  });
}

/**
 * Conditions that explain why the HPA is not scaling as asked: AbleToScale or ScalingActive
 * false, or ScalingLimited true (pinned at min or max).
 */
export function hpaProblems(hpa: HpaObject): string[] {
  return (hpa.status?.conditions ?? [])
    .filter(
      condition =>
        ((condition.type === 'AbleToScale' ||
          condition.type === 'ScalingActive') &&
          condition.status === 'False') ||
        (condition.type === 'ScalingLimited' && condition.status === 'True'),
    )
    .map(
      condition =>
        `${condition.type}: ${condition.reason ?? ''}${
          condition.message ? ` – ${condition.message}` : ''
        }`,
    );
}
