import { poll } from './poll';
import { backendUrl, guestToken } from './stack';

/** The new-service template (templates/service). */
export const SERVICE_TEMPLATE_REF = 'template:default/ops-service';

/** The template's step ids, in order. */
export const SERVICE_STEPS = [
  'preflight',
  'render',
  'fetch',
  'keycloak',
  'publish',
  'argocd',
  'register',
] as const;

/** One event of a scaffolder task, as `GET /api/scaffolder/v2/tasks/<id>/events` returns it. */
export interface TaskEvent {
  id: number;
  type: string;
  createdAt: string;
  body: {
    message?: string;
    stepId?: string;
    status?: string;
    error?: { name?: string; message: string };
    output?: unknown;
  };
}

/** A scaffolder task as `GET /api/scaffolder/v2/tasks/<id>` returns it. */
export interface Task {
  id: string;
  status: string;
  [field: string]: unknown;
}

/** A task that reached a final status, with its events. */
export interface FinishedTask {
  task: Task;
  events: TaskEvent[];
}

/**
 * The values a manual run of the template sends for `name`: owner team-drivers (the guest's
 * group), system ops-demo, an allowed image, OIDC, the route and namespace derived from the name.
 */
export function serviceValues(
  name: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    name,
    description: `The ${name} service (e2e)`,
    owner: 'group:default/team-drivers',
    system: 'system:default/ops-demo',
    image: `registry.ops.local/${name}:1.0.0`,
    port: 8080,
    namespace: name,
    routePath: `/api/${name}`,
    rateLimitPerSecond: 20,
    auth: 'oidc',
    autoscaling: { minReplicas: 2, maxReplicas: 4, cpuTargetPercent: 70 },
    logShipping: true,
    ...overrides,
  };
}

async function scaffolderApi<T>(path: string, init: RequestInit = {}) {
  const token = await guestToken();
  const res = await fetch(`${backendUrl}/api/scaffolder/v2${path}`, {
    ...init,
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
    },
  });
  if (!res.ok) {
    throw new Error(
      `scaffolder ${init.method ?? 'GET'} ${path}: HTTP ${
        res.status
      } ${await res.text()}`,
    );
  }
  return (await res.json()) as T;
}

/** Starts the template with `values` as the guest; returns the task id. */
export async function submitTask(
  values: Record<string, unknown>,
): Promise<string> {
  const { id } = await scaffolderApi<{ id: string }>('/tasks', {
    method: 'POST',
    body: JSON.stringify({ templateRef: SERVICE_TEMPLATE_REF, values }),
  });
  return id;
}

export function getTask(id: string): Promise<Task> {
  return scaffolderApi<Task>(`/tasks/${encodeURIComponent(id)}`);
}

export function getTaskEvents(id: string): Promise<TaskEvent[]> {
  return scaffolderApi<TaskEvent[]>(`/tasks/${encodeURIComponent(id)}/events`);
}

const FINAL = new Set(['completed', 'failed', 'cancelled']);

/** Polls the task until it is completed, failed or cancelled; returns it with its events. */
export async function waitForTask(
  id: string,
  { timeoutMs = 180_000, intervalMs = 250 } = {},
): Promise<FinishedTask> {
  const task = await poll(
    `task ${id} to finish`,
    async () => {
      const current = await getTask(id);
      return FINAL.has(current.status) ? current : undefined;
    },
    { timeoutMs, intervalMs },
  );
  return { task, events: await getTaskEvents(id) };
}

/** Submits the template and waits for the task to finish. */
export async function runTemplate(
  values: Record<string, unknown>,
): Promise<FinishedTask> {
  return waitForTask(await submitTask(values));
}

/** The last status each step reported (`processing`, `completed`, `failed`, `skipped`). */
export function stepStatuses(events: TaskEvent[]): Record<string, string> {
  const statuses: Record<string, string> = {};
  for (const { body } of events) {
    if (body.stepId && body.status) statuses[body.stepId] = body.status;
  }
  return statuses;
}

/** The id of the step that failed, if any. */
export function failedStep(events: TaskEvent[]): string | undefined {
  return Object.entries(stepStatuses(events)).find(
    ([, status]) => status === 'failed',
  )?.[0];
}

/** The error message the run completed with, if it failed. */
export function failureMessage(events: TaskEvent[]): string | undefined {
  return events.find(e => e.type === 'completion')?.body.error?.message;
}

/**
 * Per step: seconds from its `processing` event to its final event, from the events' timestamps
 * (the backend stores them with whole-second resolution).
 */
export function stepDurations(events: TaskEvent[]): Record<string, number> {
  const started: Record<string, number> = {};
  const durations: Record<string, number> = {};
  for (const { body, createdAt } of events) {
    if (!body.stepId || !body.status) continue;
    const at = Date.parse(createdAt);
    if (body.status === 'processing') started[body.stepId] = at;
    else if (started[body.stepId] !== undefined) {
      durations[body.stepId] = (at - started[body.stepId]) / 1000;
    }
  }
  return durations;
}
