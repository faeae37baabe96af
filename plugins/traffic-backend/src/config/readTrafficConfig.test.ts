import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { readTrafficConfig } from './readTrafficConfig';

const base = {
  kubernetes: {
    clusterLocatorMethods: [
      {
        type: 'config',
        clusters: [
          {
            name: 'prod',
            url: 'https://k8s.example.com',
            serviceAccountToken: 't',
          },
        ],
      },
    ],
  },
  argocd: {
    appLocatorMethods: [
      {
        type: 'config',
        instances: [
          { name: 'main', url: 'https://argo.example.com', token: 'a' },
        ],
      },
    ],
  },
  opsPortal: {
    gitops: {
      repoUrl: 'https://git.example.com/gitops.git',
      fileUrlTemplate: 'https://git.example.com/gitops/blob/{branch}/{path}',
    },
    traffic: { cluster: 'prod', argocdInstance: 'main' } as JsonObject,
  },
};

const read = (traffic?: JsonObject) =>
  readTrafficConfig(
    new ConfigReader({
      ...base,
      opsPortal: {
        ...base.opsPortal,
        traffic: traffic
          ? { ...base.opsPortal.traffic, ...traffic }
          : undefined,
      },
    }),
  );

describe('readTrafficConfig', () => {
  it('applies the defaults and resolves the named cluster, instance and repository', () => {
    expect(read({})).toMatchObject({
      cluster: { name: 'prod', url: 'https://k8s.example.com' },
      argoCd: { name: 'main', url: 'https://argo.example.com' },
      gitops: { repoUrl: 'https://git.example.com/gitops.git', branch: 'main' },
      timeoutMs: 5000,
      gitTimeoutMs: 30000,
      syncAfterCommit: true,
      istioApiVersion: 'v1',
    });
  });

  it('edits with the writer credentials, not the read-only ones', () => {
    const settings = readTrafficConfig(
      new ConfigReader({
        ...base,
        opsPortal: {
          ...base.opsPortal,
          kubernetes: {
            writers: [{ cluster: 'prod', serviceAccountToken: 'k8s-writer' }],
          },
          argocd: { writers: [{ instance: 'main', token: 'argo-writer' }] },
        },
      }),
    );
    expect(settings.cluster.serviceAccountToken).toBe('k8s-writer');
    expect(settings.argoCd.token).toBe('argo-writer');
  });

  it('reads the optional keys', () => {
    expect(
      read({
        timeoutMs: 2000,
        gitTimeoutMs: 9000,
        syncAfterCommit: false,
        istioApiVersion: 'v1beta1',
      }),
    ).toMatchObject({
      timeoutMs: 2000,
      gitTimeoutMs: 9000,
      syncAfterCommit: false,
      istioApiVersion: 'v1beta1',
    });
  });

  it('reads the rollouts block over its defaults (10 s ticks, 30 s minimum interval, 600 s to go live)', () => {
    expect(read({}).rollouts).toEqual({
      tickSeconds: 10,
      minIntervalSeconds: 30,
      waitTimeoutSeconds: 600,
    });
    expect(
      read({ rollouts: { tickSeconds: 2, minIntervalSeconds: 5 } }).rollouts,
    ).toEqual({
      tickSeconds: 2,
      minIntervalSeconds: 5,
      waitTimeoutSeconds: 600,
    });
  });

  it.each([
    [undefined, "Missing config 'opsPortal.traffic'"],
    [{ cluster: 'dev' }, "names cluster 'dev'"],
    [{ argocdInstance: 'other' }, "names Argo CD instance 'other'"],
    [
      { timeoutMs: 0 },
      "'opsPortal.traffic.timeoutMs' must be a positive number",
    ],
    [
      { istioApiVersion: 'latest' },
      "must be an API version such as v1 or v1beta1, not 'latest'",
    ],
    [
      { rollouts: { tickSeconds: 0 } },
      "'opsPortal.traffic.rollouts.tickSeconds' must be a whole number of seconds from 1 to 86400, not 0",
    ],
    [
      { rollouts: { minIntervalSeconds: 2 } },
      "'opsPortal.traffic.rollouts.minIntervalSeconds' must be at least 5",
    ],
  ])('refuses %j', (traffic, message) => {
    expect(() => read(traffic)).toThrow(message);
  });
});
