import {
  disallowSecretsInEnv,
  requireProbes,
  requireRequestsLimits,
  requireRunAsNonRoot,
} from './podRules';
import { KubernetesObject } from './types';

const context = { allowedImageRegistries: ['ghcr.io/acme/'] };

function container(overrides: Record<string, unknown> = {}) {
  return {
    name: 'app',
    image: 'ghcr.io/acme/app:1',
    readinessProbe: { httpGet: { path: '/', port: 'http' } },
    livenessProbe: { httpGet: { path: '/', port: 'http' } },
    resources: {
      requests: { cpu: '100m', memory: '64Mi' },
      limits: { cpu: '500m', memory: '256Mi' },
    },
    ...overrides,
  };
}

function deployment(pod: Record<string, unknown>): KubernetesObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'app', namespace: 'team' },
    spec: { template: { spec: pod } },
  };
}

const secure = { securityContext: { runAsNonRoot: true } };

describe('require-run-as-non-root', () => {
  it.each<[string, KubernetesObject]>([
    [
      'a pod-level runAsNonRoot',
      deployment({ ...secure, containers: [container()] }),
    ],
    [
      'runAsNonRoot on every container',
      deployment({
        containers: [container({ securityContext: { runAsNonRoot: true } })],
        initContainers: [
          container({ name: 'init', securityContext: { runAsNonRoot: true } }),
        ],
      }),
    ],
    [
      'a bare Pod',
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'p' },
        spec: { ...secure, containers: [container()] },
      },
    ],
    [
      'an object without pods',
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' } },
    ],
  ])('passes %s', (_case, object) => {
    expect(requireRunAsNonRoot.check(object, context)).toEqual([]);
  });

  it.each<[string, KubernetesObject, string[]]>([
    [
      'no runAsNonRoot',
      deployment({ containers: [container()] }),
      ['container "app" of Deployment/app must set runAsNonRoot: true'],
    ],
    [
      'a container that opts out',
      deployment({
        ...secure,
        containers: [container({ securityContext: { runAsNonRoot: false } })],
      }),
      ['container "app" of Deployment/app must set runAsNonRoot: true'],
    ],
    [
      'an init container without it',
      deployment({
        containers: [container({ securityContext: { runAsNonRoot: true } })],
        initContainers: [container({ name: 'init' })],
      }),
      ['init container "init" of Deployment/app must set runAsNonRoot: true'],
    ],
    [
      'uid 0 on the pod and a container',
      deployment({
        securityContext: { runAsNonRoot: true, runAsUser: 0 },
        containers: [container({ securityContext: { runAsUser: 0 } })],
      }),
      [
        'Deployment/app sets runAsUser 0 for its pod',
        'container "app" of Deployment/app sets runAsUser 0',
      ],
    ],
    [
      'a CronJob without it',
      {
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata: { name: 'nightly', namespace: 'team' },
        spec: {
          jobTemplate: {
            spec: { template: { spec: { containers: [container()] } } },
          },
        },
      },
      ['container "app" of CronJob/nightly must set runAsNonRoot: true'],
    ],
  ])('fails %s', (_case, object, details) => {
    expect(requireRunAsNonRoot.check(object, context)).toEqual(
      details.map(detail => ({
        rule: 'require-run-as-non-root',
        object: `${object.kind}/${object.metadata?.name}`,
        message: `policy require-run-as-non-root: ${detail}`,
      })),
    );
  });
});

describe('require-probes', () => {
  it.each<[string, KubernetesObject]>([
    ['both probes', deployment({ containers: [container()] })],
    [
      'init containers without probes',
      deployment({
        containers: [container()],
        initContainers: [{ name: 'init', image: 'x' }],
      }),
    ],
  ])('passes %s', (_case, object) => {
    expect(requireProbes.check(object, context)).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    ['no readiness probe', { readinessProbe: undefined }, ['readinessProbe']],
    ['no liveness probe', { livenessProbe: undefined }, ['livenessProbe']],
    [
      'no probes',
      { readinessProbe: undefined, livenessProbe: undefined },
      ['readinessProbe', 'livenessProbe'],
    ],
  ])('fails %s', (_case, overrides, probes) => {
    const object = deployment({ containers: [container(overrides)] });
    expect(requireProbes.check(object, context).map(v => v.message)).toEqual(
      probes.map(
        probe =>
          `policy require-probes: container "app" of Deployment/app has no ${probe}`,
      ),
    );
  });
});

describe('require-requests-limits', () => {
  it('passes requests and limits for CPU and memory', () => {
    expect(
      requireRequestsLimits.check(
        deployment({ containers: [container()] }),
        context,
      ),
    ).toEqual([]);
  });

  it.each<[string, unknown, string]>([
    [
      'no resources',
      undefined,
      'requests.cpu, requests.memory, limits.cpu, limits.memory',
    ],
    [
      'no limits',
      { requests: { cpu: '1', memory: '1Gi' } },
      'limits.cpu, limits.memory',
    ],
    [
      'no memory request',
      { requests: { cpu: '1' }, limits: { cpu: '1', memory: '1Gi' } },
      'requests.memory',
    ],
  ])('fails %s', (_case, resources, missing) => {
    const object = deployment({ containers: [container({ resources })] });
    expect(
      requireRequestsLimits.check(object, context).map(v => v.message),
    ).toEqual([
      `policy require-requests-limits: container "app" of Deployment/app has no resources ${missing}`,
    ]);
  });
});

describe('disallow-secrets-in-env', () => {
  it.each<[string, unknown[]]>([
    ['plain non-secret values', [{ name: 'REDIS_HOST', value: 'redis' }]],
    [
      'secrets from a Secret',
      [
        {
          name: 'DB_PASSWORD',
          valueFrom: { secretKeyRef: { name: 'db', key: 'password' } },
        },
        {
          name: 'api_token',
          valueFrom: { secretKeyRef: { name: 'api', key: 'token' } },
        },
      ],
    ],
    ['no env', []],
  ])('passes %s', (_case, env) => {
    const object = deployment({ containers: [container({ env })] });
    expect(disallowSecretsInEnv.check(object, context)).toEqual([]);
  });

  it.each([
    'DB_PASSWORD',
    'client_secret',
    'GITHUB_TOKEN',
    'ApiKey',
    'SIGNING_KEY_FILE',
  ])('fails %s with a plain value', name => {
    const object = deployment({
      containers: [container({ env: [{ name, value: 'hunter2' }] })],
    });
    expect(
      disallowSecretsInEnv.check(object, context).map(v => v.message),
    ).toEqual([
      `policy disallow-secrets-in-env: env ${name} of container "app" in Deployment/app looks like a secret but has a plain value; use valueFrom.secretKeyRef`,
    ]);
  });

  it('fails an empty plain value too', () => {
    const object = deployment({
      initContainers: [
        container({ name: 'init', env: [{ name: 'TOKEN', value: '' }] }),
      ],
      containers: [container()],
    });
    expect(disallowSecretsInEnv.check(object, context)).toHaveLength(1);
  });
});
