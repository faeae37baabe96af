import {
  trafficConflictSchema,
  trafficPreviewSchema,
  trafficSaveResponseSchema,
  trafficStateResponseSchema,
  trafficStateSchema,
} from './responseSchemas';
import { trafficIssues } from './schema';
import type { TrafficState } from './types';

const state: TrafficState = {
  entityRef: 'component:default/driver',
  namespace: 'driver',
  virtualService: { name: 'driver', resourceVersion: '101' },
  destinationRule: { name: 'driver', resourceVersion: '102' },
  host: 'driver',
  routeIndex: 0,
  subsets: [
    { name: 'v1', labels: { version: 'v1' }, readyPods: 2, totalPods: 2 },
  ],
  // A live split need not sum to 100: a response is read as the cluster has it.
  live: { weights: [{ subset: 'v1', weight: 90 }], resilience: {} },
  desired: {
    weights: [{ subset: 'v1', weight: 100 }],
    resilience: { retries: { attempts: 3 }, timeout: '10s' },
  },
  sync: 'pending',
  management: {
    mode: 'git',
    argoCdApp: 'driver',
    repoUrl: 'http://git.example.com/gitops.git',
    branch: 'main',
    files: {
      virtualService: 'services/driver/istio.yaml',
      destinationRule: 'services/driver/istio.yaml',
    },
    publishMode: 'commit',
    revision: 'a1b2c3d',
  },
  version: 'git:1',
};

const notConfigured = {
  notConfigured: {
    reason: 'object-not-found',
    annotation: 'ops-portal/istio-virtualservice',
    message: 'No VirtualService driver in namespace driver',
  },
};

function issues(
  schema: { safeParse(value: unknown): any },
  value: unknown,
): string[] {
  const result = schema.safeParse(value);
  return result.success ? [] : trafficIssues(result.error);
}

describe('trafficStateResponseSchema', () => {
  it.each([
    ['a git-managed state', state],
    ['a direct state', { ...state, management: { mode: 'direct' } }],
    ['a not-configured body', notConfigured],
  ])('accepts %s unchanged', (_case, body) => {
    expect(trafficStateResponseSchema.parse(body)).toEqual(body);
  });

  it.each([
    ['an empty object', {}],
    ['a body in another shape', { status: 'not-configured', message: 'x' }],
    [
      'an unknown not-configured reason',
      { notConfigured: { ...notConfigured.notConfigured, reason: 'other' } },
    ],
    ['a state without a version', { ...state, version: undefined }],
    [
      'a state with an unknown mode',
      { ...state, management: { mode: 'helm' } },
    ],
  ])('refuses %s', (_case, body) => {
    expect(issues(trafficStateResponseSchema, body)).not.toEqual([]);
  });

  it('drops fields it does not know', () => {
    expect(trafficStateSchema.parse({ ...state, token: 'x' })).toEqual(state);
  });
});

describe('the edit responses', () => {
  it.each([
    [
      'a preview',
      trafficPreviewSchema,
      {
        mode: 'direct',
        change: { weights: true, resilience: false },
        files: [{ path: 'VirtualService/driver', before: 'a', after: 'b' }],
      },
    ],
    [
      'a committed save',
      trafficSaveResponseSchema,
      {
        outcome: 'committed',
        mode: 'git',
        commit: 'abc',
        branch: 'main',
        state,
        warnings: ['sync failed'],
      },
    ],
    [
      'an unchanged save',
      trafficSaveResponseSchema,
      { outcome: 'unchanged', mode: 'git', state, warnings: [] },
    ],
    [
      'a conflict',
      trafficConflictSchema,
      { error: { name: 'ConflictError', message: 'moved' }, current: state },
    ],
  ])('accepts %s', (_case, schema, body) => {
    expect(schema.parse(body)).toEqual(body);
  });

  it.each([
    [
      'a preview without files',
      trafficPreviewSchema,
      { mode: 'git', change: { weights: true, resilience: false } },
    ],
    [
      'a save without warnings',
      trafficSaveResponseSchema,
      { outcome: 'committed', mode: 'git', state },
    ],
    [
      'a save with an unknown outcome',
      trafficSaveResponseSchema,
      { outcome: 'merged', mode: 'git', state, warnings: [] },
    ],
    [
      'a conflict without the current state',
      trafficConflictSchema,
      { error: { name: 'ConflictError', message: 'busy' } },
    ],
    [
      'another error',
      trafficConflictSchema,
      { error: { name: 'InputError', message: 'bad' }, current: state },
    ],
  ])('refuses %s', (_case, schema, body) => {
    expect(issues(schema, body)).not.toEqual([]);
  });
});
