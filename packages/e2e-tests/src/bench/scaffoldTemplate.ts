/* eslint-disable no-console */
import { performance } from 'node:perf_hooks';
import {
  failedStep,
  failureMessage,
  SERVICE_STEPS,
  serviceValues,
  stepDurations,
  submitTask,
  waitForTask,
} from '../harness/scaffolder';
import { backendUrl, startStack, Stack } from '../harness/stack';
import { median, percentile } from './stats';

/**
 * Benchmark of the new-service template through the scaffolder REST API: N runs, one at a time,
 * for bench-1..N, each timed from the POST to the task's final status. Prints the figures; asserts
 * nothing.
 *
 *   yarn workspace @internal/e2e-tests bench:scaffold [--runs 5] [--prefix bench] [--against-running]
 *
 * Without --against-running it starts its own stack (sandbox + backend, like the e2e tests; the
 * app must be built) on a fresh sandbox and stops it at the end. With it, it uses the portal on
 * :7007, whose sandbox must not have these names yet (pick another --prefix).
 */

interface Run {
  name: string;
  status: string;
  seconds: number;
  steps: Record<string, number>;
  error?: string;
}

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at === -1 ? undefined : args[at + 1];
}

const fmt = (n: number) => n.toFixed(2).padStart(7);

async function benchmark(runs: number, prefix: string): Promise<Run[]> {
  const results: Run[] = [];
  for (let i = 1; i <= runs; i++) {
    const name = `${prefix}-${i}`;
    const started = performance.now();
    const id = await submitTask(serviceValues(name));
    const { task, events } = await waitForTask(id, { intervalMs: 100 });
    const seconds = (performance.now() - started) / 1000;
    const run: Run = {
      name,
      status: task.status,
      seconds,
      steps: stepDurations(events),
    };
    if (task.status !== 'completed') {
      run.error = `step ${failedStep(events) ?? '?'}: ${
        failureMessage(events) ?? '(no message)'
      }`;
    }
    console.log(
      `${name.padEnd(12)} ${task.status.padEnd(9)} ${fmt(seconds)} s${
        run.error ? `  ${run.error}` : ''
      }`,
    );
    results.push(run);
  }
  return results;
}

function report(results: Run[]) {
  const completed = results.filter(r => r.status === 'completed');
  console.log(
    `\n${completed.length} of ${results.length} runs completed; figures over the completed runs.`,
  );
  if (completed.length === 0) return;
  const totals = completed.map(r => r.seconds).sort((a, b) => a - b);
  console.log('\nsubmit → completed (s), client clock, polled every 100 ms');
  console.log('      min  median     p95     max');
  console.log(
    [
      totals[0],
      median(totals),
      percentile(totals, 95),
      totals[totals.length - 1],
    ]
      .map(fmt)
      .join(' '),
  );
  console.log(
    '\nper step (s), from the task events’ timestamps (whole seconds as the backend stores them)',
  );
  console.log('step            min  median     max');
  for (const step of SERVICE_STEPS) {
    const values = completed
      .map(r => r.steps[step])
      .filter((v): v is number => v !== undefined)
      .sort((a, b) => a - b);
    if (values.length === 0) continue;
    console.log(
      `${step.padEnd(10)} ${fmt(values[0])} ${fmt(median(values))} ${fmt(
        values[values.length - 1],
      )}`,
    );
  }
}

async function main() {
  const args = process.argv.slice(2);
  const runs = Number(option(args, '--runs') ?? 5);
  const prefix = option(args, '--prefix') ?? 'bench';
  if (!Number.isInteger(runs) || runs < 1) {
    throw new Error(`--runs must be a positive whole number, got ${runs}`);
  }

  let stack: Stack | undefined;
  const stop = async () => {
    const running = stack;
    stack = undefined;
    await running?.stop();
  };
  process.once('SIGINT', () => stop().then(() => process.exit(130)));
  try {
    if (args.includes('--against-running')) {
      const res = await fetch(`${backendUrl}/.backstage/health/v1/readiness`);
      if (!res.ok) throw new Error(`${backendUrl} is not ready`);
      console.log(`Using the running portal at ${backendUrl}`);
    } else {
      const started = performance.now();
      stack = await startStack();
      console.log(
        `Stack started in ${((performance.now() - started) / 1000).toFixed(
          1,
        )} s (not part of the figures)`,
      );
    }
    console.log(
      `${runs} run(s) of template:default/ops-service, one at a time\n`,
    );
    const results = await benchmark(runs, prefix);
    report(results);
    if (results.some(r => r.status !== 'completed')) process.exitCode = 1;
  } finally {
    await stop();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
