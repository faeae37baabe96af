/**
 * Write-path benchmark of the traffic editor: `yarn bench:traffic [--runs N] [--warmup N]` in
 * packages/benchmarks. Prints, for the Git-managed nginx-ab, save → commit pushed and commit
 * pushed → synced (live VirtualService, state reader); for the unmanaged echo, save → direct
 * write; and an idempotent repeat of each. Everything runs in this process against the
 * in-process sandbox. Nothing here asserts on timings; a failed save or a check of what it wrote
 * (branch head, live object) stops the run with exit code 1.
 */
import { cpus, loadavg, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  IstioObject,
  readTrafficPolicy,
  TrafficPolicy,
  TrafficState,
  weightsEqual,
} from '@internal/plugin-traffic-common';
import { startTrafficBackend, TrafficBackend } from './backend';
import {
  splitLabel,
  tableHeader,
  tableRow,
  v2WeightAt,
  split,
} from './figures';
import {
  DIRECT_ENTITY,
  GIT_ENTITY,
  ISTIO_API_VERSION,
  startTrafficBenchEnvironment,
  TrafficBenchEnvironment,
} from './trafficBenchEnvironment';

const POLL_INTERVAL_MS = 50;
const POLL_TIMEOUT_MS = 30_000;

const print = (line = '') => process.stdout.write(`${line}\n`);
const now = () => performance.now();
const loads = () =>
  loadavg()
    .map(l => l.toFixed(2))
    .join(' ');
const f1 = (value: number) => value.toFixed(1);
const opt = (value: number | undefined) =>
  value === undefined ? 'n/a' : `${f1(value)} ms`;

function intOption(args: string[], name: string, fallback: number): number {
  const index = args.findIndex(a => a === name || a.startsWith(`${name}=`));
  if (index < 0) return fallback;
  const raw = args[index].includes('=')
    ? args[index].split('=')[1]
    : args[index + 1];
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`${name} wants a whole number, got ${raw}`);
  }
  return value;
}

/**
 * Runs `check` now and then every `POLL_INTERVAL_MS` (on a fixed grid from `start`) until it
 * answers true; resolves with the ms from `start` to the end of the check that answered true.
 */
async function pollUntil(
  what: string,
  start: number,
  check: () => Promise<boolean>,
): Promise<{ ms: number; polls: number }> {
  for (let polls = 1; ; polls++) {
    if (await check()) return { ms: now() - start, polls };
    const elapsed = now() - start;
    if (elapsed > POLL_TIMEOUT_MS) {
      throw new Error(`${what}: not reached after ${f1(elapsed)} ms`);
    }
    await sleep(
      Math.max(0, polls * POLL_INTERVAL_MS - elapsed) || POLL_INTERVAL_MS,
    );
  }
}

/** The weights of the live objects equal the policy's. */
async function liveWeightsAre(
  env: TrafficBenchEnvironment,
  state: TrafficState,
  destinationRule: IstioObject,
  policy: TrafficPolicy,
): Promise<{ equal: boolean; resourceVersion: string }> {
  const vs = await env.getIstioObject(
    'VirtualService',
    state.namespace,
    state.virtualService.name,
  );
  return {
    equal: weightsEqual(
      readTrafficPolicy(vs, destinationRule).weights,
      policy.weights,
    ),
    resourceVersion: vs.metadata.resourceVersion,
  };
}

/** Per figure, the samples in ms. */
type Samples = Record<string, number[]>;

function record(samples: Samples, label: string, value: number) {
  (samples[label] ??= []).push(value);
}

const GIT = {
  save: 'git: save → commit pushed (answer `committed`)',
  ref: 'git: save → branch updated on the git server',
  applied: 'git: branch updated → VirtualService applied',
  live: 'git: answer → live VirtualService weights (poll)',
  reader: 'git: answer → state reader sync=synced (poll)',
  total: 'git: save → live VirtualService weights (poll)',
  read: 'git: one state read (GET /state)',
  repeat: 'git: idempotent repeat (answer `unchanged`)',
};
const DIRECT = {
  save: 'direct: save → written (answer `written`)',
  repeat: 'direct: idempotent repeat (answer `unchanged`)',
};

async function gitMode(
  env: TrafficBenchEnvironment,
  backend: TrafficBackend,
  options: { runs: number; warmup: number },
  samples: Samples,
) {
  let state = await backend.state(GIT_ENTITY);
  if (state.management.mode !== 'git') {
    throw new Error(`${GIT_ENTITY} is not Git-managed`);
  }
  const branch = state.management.branch;
  const destinationRule = await env.getIstioObject(
    'DestinationRule',
    state.namespace,
    state.destinationRule.name,
  );
  print(
    `git mode: ${GIT_ENTITY}, Application ${state.management.argoCdApp}, ${
      state.management.files.virtualService
    } on ${branch}, start ${splitLabel(state.desired)}`,
  );

  // When the Argo CD stand-in writes the VirtualService with the awaited weights (in-process).
  let awaited: { policy: TrafficPolicy; at?: number } | undefined;
  const unwatch = env.sandbox.store.watch(event => {
    const object = event.object as IstioObject;
    if (
      awaited &&
      awaited.at === undefined &&
      object.apiVersion === ISTIO_API_VERSION &&
      object.kind === 'VirtualService' &&
      object.metadata?.namespace === state.namespace &&
      object.metadata?.name === state.virtualService.name &&
      weightsEqual(
        readTrafficPolicy(object, destinationRule).weights,
        awaited.policy.weights,
      )
    ) {
      awaited.at = now();
    }
  });
  try {
    for (let i = 0; i < options.warmup + options.runs; i++) {
      const counted = i >= options.warmup;
      const policy = split(100 - v2WeightAt(i));
      awaited = { policy };
      const start = now();
      const result = await backend.save(GIT_ENTITY, policy, state.version);
      const answered = now();
      if (result.outcome !== 'committed' || !result.commit) {
        throw new Error(
          `git save ${splitLabel(policy)}: ${JSON.stringify(result)}`,
        );
      }
      const before = state;
      const reads: number[] = [];
      let synced: TrafficState | undefined;
      const [live, reader] = await Promise.all([
        pollUntil(
          'live VirtualService weights',
          answered,
          async () =>
            (
              await liveWeightsAre(env, before, destinationRule, policy)
            ).equal,
        ),
        pollUntil('state reader sync=synced', answered, async () => {
          const readStart = now();
          const read = await backend.state(GIT_ENTITY);
          reads.push(now() - readStart);
          const done =
            read.sync === 'synced' &&
            weightsEqual(read.live.weights, policy.weights) &&
            weightsEqual(read.desired.weights, policy.weights);
          if (done) synced = read;
          return done;
        }),
      ]);
      const head = await env.remoteHead(branch);
      if (head !== result.commit) {
        throw new Error(
          `git ls-remote: ${branch} is at ${head}, the save answered ${result.commit}`,
        );
      }
      state = synced!;
      const saveMs = answered - start;
      const pushedAtEpoch = await env.pushedAt(result.commit);
      const refMs =
        pushedAtEpoch === undefined
          ? undefined
          : pushedAtEpoch - performance.timeOrigin - start;
      const appliedMs =
        awaited.at === undefined ? undefined : awaited.at - start;
      print(
        `  ${counted ? `#${i - options.warmup + 1}` : 'warm-up'} ${splitLabel(
          policy,
        ).padEnd(6)} ${result.commit.slice(0, 10)} (= ls-remote ${
          result.branch
        }): answer ${f1(saveMs)} ms [pushed ${opt(refMs)}, applied ${opt(
          appliedMs,
        )}, answer's sync ${result.state.sync}]; then live weights +${f1(
          live.ms,
        )} ms (${live.polls} poll(s)), state synced +${f1(reader.ms)} ms (${
          reader.polls
        } read(s))${
          result.warnings.length ? `; warnings: ${result.warnings}` : ''
        }`,
      );
      if (!counted) continue;
      record(samples, GIT.save, saveMs);
      record(samples, GIT.live, live.ms);
      record(samples, GIT.reader, reader.ms);
      record(samples, GIT.total, saveMs + live.ms);
      if (refMs !== undefined) record(samples, GIT.ref, refMs);
      if (refMs !== undefined && appliedMs !== undefined) {
        record(samples, GIT.applied, appliedMs - refMs);
      }
      reads.forEach(r => record(samples, GIT.read, r));
    }
  } finally {
    unwatch();
  }

  const headBefore = await env.remoteHead(branch);
  const start = now();
  const repeat = await backend.save(GIT_ENTITY, state.desired, state.version);
  const repeatMs = now() - start;
  const headAfter = await env.remoteHead(branch);
  if (repeat.outcome !== 'unchanged' || headAfter !== headBefore) {
    throw new Error(
      `git repeat: outcome ${repeat.outcome}, ${branch} ${headBefore} → ${headAfter}`,
    );
  }
  print(
    `  repeat ${splitLabel(state.desired)}: ${
      repeat.outcome
    }, ${repeatMs.toFixed(1)} ms, ${branch} still at ${headAfter.slice(0, 10)}`,
  );
  record(samples, GIT.repeat, repeatMs);
}

async function directMode(
  env: TrafficBenchEnvironment,
  backend: TrafficBackend,
  options: { runs: number; warmup: number },
  samples: Samples,
) {
  let state = await backend.state(DIRECT_ENTITY);
  if (state.management.mode !== 'direct') {
    throw new Error(`${DIRECT_ENTITY} is not in direct mode`);
  }
  const destinationRule = await env.getIstioObject(
    'DestinationRule',
    state.namespace,
    state.destinationRule.name,
  );
  print(
    `direct mode: ${DIRECT_ENTITY}, VirtualService ${state.namespace}/${
      state.virtualService.name
    } (no Argo CD tracking), start ${splitLabel(state.desired)}`,
  );
  for (let i = 0; i < options.warmup + options.runs; i++) {
    const counted = i >= options.warmup;
    const policy = split(100 - v2WeightAt(i));
    const before = await liveWeightsAre(env, state, destinationRule, policy);
    const start = now();
    const result = await backend.save(DIRECT_ENTITY, policy, state.version);
    const saveMs = now() - start;
    const after = await liveWeightsAre(env, state, destinationRule, policy);
    if (
      result.outcome !== 'written' ||
      !after.equal ||
      after.resourceVersion === before.resourceVersion
    ) {
      throw new Error(
        `direct save ${splitLabel(policy)}: outcome ${
          result.outcome
        }, live weights equal ${after.equal}, resourceVersion ${
          before.resourceVersion
        } → ${after.resourceVersion}`,
      );
    }
    state = result.state;
    print(
      `  ${counted ? `#${i - options.warmup + 1}` : 'warm-up'} ${splitLabel(
        policy,
      ).padEnd(6)} written, resourceVersion ${before.resourceVersion} → ${
        after.resourceVersion
      }; save ${f1(saveMs)} ms`,
    );
    if (counted) record(samples, DIRECT.save, saveMs);
  }

  const before = await liveWeightsAre(
    env,
    state,
    destinationRule,
    state.desired,
  );
  const start = now();
  const repeat = await backend.save(
    DIRECT_ENTITY,
    state.desired,
    state.version,
  );
  const repeatMs = now() - start;
  const after = await liveWeightsAre(
    env,
    state,
    destinationRule,
    state.desired,
  );
  if (
    repeat.outcome !== 'unchanged' ||
    after.resourceVersion !== before.resourceVersion
  ) {
    throw new Error(
      `direct repeat: outcome ${repeat.outcome}, resourceVersion ${before.resourceVersion} → ${after.resourceVersion}`,
    );
  }
  print(
    `  repeat ${splitLabel(state.desired)}: ${repeat.outcome}, ${f1(
      repeatMs,
    )} ms, resourceVersion still ${after.resourceVersion}`,
  );
  record(samples, DIRECT.repeat, repeatMs);
}

async function main() {
  const args = process.argv.slice(2);
  const runs = intOption(args, '--runs', 10);
  const warmup = intOption(args, '--warmup', 1);
  const cpuList = cpus();
  print(
    `Traffic editor write-path benchmark, node ${
      process.version
    }, ${new Date().toISOString()}`,
  );
  print(
    `machine: ${cpuList.length} CPUs (${cpuList[0]?.model ?? 'unknown'}), ${(
      totalmem() /
      2 ** 30
    ).toFixed(1)} GiB, load average at start ${loads()}`,
  );
  print(
    `runs: ${runs} saves per mode (+${warmup} warm-up not counted), one idempotent repeat per mode; polls every ${POLL_INTERVAL_MS} ms`,
  );
  print(
    'set-up: in-process sandbox (git server, Kubernetes API subset, Argo CD stand-in polling hourly), traffic plugin on 127.0.0.1 with syncAfterCommit, allow-all permissions, mock auditor',
  );
  print();

  const samples: Samples = {};
  const env = await startTrafficBenchEnvironment();
  let backend: TrafficBackend | undefined;
  try {
    backend = await startTrafficBackend(env.config);
    await gitMode(env, backend, { runs, warmup }, samples);
    print();
    await directMode(env, backend, { runs, warmup }, samples);
  } finally {
    await backend?.stop();
    await env.stop();
  }

  print();
  print(tableHeader());
  for (const label of [...Object.values(GIT), ...Object.values(DIRECT)]) {
    print(tableRow(label, samples[label] ?? []));
  }
  print();
  print(`load average at the end: ${loads()}`);
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exitCode = 1;
});
