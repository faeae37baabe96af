import { poll } from '../harness/poll';
import {
  FinishedTask,
  SERVICE_TEMPLATE_REF,
  Task,
  TaskEvent,
} from '../harness/scaffolder';
import { backendUrl } from '../harness/stack';

/** A response as the suite inspects it. */
export interface Answer {
  status: number;
  body: string;
}

/** One request to the portal, as `token`'s user or unauthenticated (token undefined). */
export async function call(
  token: string | undefined,
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const res = await fetch(`${backendUrl}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(options.body !== undefined
        ? { 'content-type': 'application/json' }
        : {}),
      ...options.headers,
    },
    body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
  });
  return { status: res.status, body: await res.text() };
}

async function json<T>(
  token: string,
  method: string,
  path: string,
  body?: unknown,
) {
  const answer = await call(token, method, path, { body });
  if (answer.status >= 300) {
    throw new Error(`${method} ${path}: HTTP ${answer.status} ${answer.body}`);
  }
  return JSON.parse(answer.body) as T;
}

/** Starts the new-service template as `token`'s user; returns the task id. */
export async function submitServiceTask(
  token: string,
  values: Record<string, unknown>,
): Promise<string> {
  const { id } = await json<{ id: string }>(
    token,
    'POST',
    '/api/scaffolder/v2/tasks',
    { templateRef: SERVICE_TEMPLATE_REF, values },
  );
  return id;
}

const FINAL = new Set(['completed', 'failed', 'cancelled']);

/** Polls a task until it is final; returns it with its events. */
export async function waitForTaskAs(
  token: string,
  id: string,
): Promise<FinishedTask> {
  const task = await poll(
    `task ${id} to finish`,
    async () => {
      const current = await json<Task>(
        token,
        'GET',
        `/api/scaffolder/v2/tasks/${encodeURIComponent(id)}`,
      );
      return FINAL.has(current.status) ? current : undefined;
    },
    { timeoutMs: 180_000, intervalMs: 250 },
  );
  const events = await json<TaskEvent[]>(
    token,
    'GET',
    `/api/scaffolder/v2/tasks/${encodeURIComponent(id)}/events`,
  );
  return { task, events };
}

/** The step ids of a task, in order, from its spec. */
export function taskStepIds(task: Task): string[] {
  const spec = task.spec as { steps?: Array<{ id: string }> } | undefined;
  return (spec?.steps ?? []).map(s => s.id);
}
