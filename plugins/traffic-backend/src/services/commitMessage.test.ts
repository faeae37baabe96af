import { trafficCommitMessage } from './commitMessage';

const base = {
  entityName: 'nginx-ab',
  entityRef: 'component:default/nginx-ab',
  userRef: 'user:default/guest',
  force: false,
};

describe('trafficCommitMessage', () => {
  it('names the entity, the weights and the user', () => {
    expect(
      trafficCommitMessage({
        ...base,
        policy: {
          weights: [
            { subset: 'v1', weight: 80 },
            { subset: 'v2', weight: 20 },
          ],
          resilience: {},
        },
        change: { weights: true, resilience: false },
      }),
    ).toEqual([
      'Traffic: nginx-ab v1 80 / v2 20 (by user:default/guest)',
      'Entity: component:default/nginx-ab\nRequested-by: user:default/guest',
    ]);
  });

  it('describes a resilience change and a forced edit', () => {
    const [subject, body] = trafficCommitMessage({
      ...base,
      force: true,
      policy: {
        weights: [{ subset: 'v1', weight: 100 }],
        resilience: {
          fault: { abort: { httpStatus: 503, percentage: 10 } },
          retries: { attempts: 3, perTryTimeout: '2s', retryOn: '5xx' },
          timeout: '10s',
          outlierDetection: { consecutive5xxErrors: 5 },
          consistentHashHeader: 'x-user',
        },
      },
      change: { weights: true, resilience: true },
    });
    expect(subject).toBe(
      'Traffic: nginx-ab v1 100; resilience: fault abort 503 10%, retries 3 × 2s on 5xx, timeout 10s, outlier detection consecutive5xxErrors=5, consistent hash on x-user (by user:default/guest)',
    );
    expect(body).toContain('Forced: weight to subsets without ready pods');
  });

  it('says when the resilience settings are removed', () => {
    expect(
      trafficCommitMessage({
        ...base,
        policy: { weights: [{ subset: 'v1', weight: 100 }], resilience: {} },
        change: { weights: false, resilience: true },
      })[0],
    ).toBe(
      'Traffic: nginx-ab resilience: no resilience settings (by user:default/guest)',
    );
  });
});
