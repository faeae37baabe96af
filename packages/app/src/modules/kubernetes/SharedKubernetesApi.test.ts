import type { KubernetesApi } from '@backstage/plugin-kubernetes-react';
import { SharedKubernetesApi } from './SharedKubernetesApi';

type Body = Parameters<KubernetesApi['getObjectsByEntity']>[0];

const entity = (name: string) =>
  ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name },
  } as Body['entity']);

function client(answer = async () => ({ items: [] })) {
  return {
    getObjectsByEntity: jest.fn(answer),
    getClusters: jest.fn(async () => []),
    getCluster: jest.fn(async () => undefined),
    getWorkloadsByEntity: jest.fn(async () => ({ items: [] })),
    getCustomObjectsByEntity: jest.fn(async () => ({ items: [] })),
    proxy: jest.fn(async () => new Response('ok')),
  };
}

describe('SharedKubernetesApi', () => {
  let time = 0;
  const now = () => time;
  beforeEach(() => {
    time = 1000;
  });

  it('shares one backend request between the cards that ask at once', async () => {
    const inner = client();
    const api = new SharedKubernetesApi(inner, { now });
    const body = { entity: entity('driver'), auth: {} };
    await Promise.all([
      api.getObjectsByEntity(body),
      api.getObjectsByEntity({ ...body }),
      api.getObjectsByEntity(body),
    ]);
    expect(inner.getObjectsByEntity).toHaveBeenCalledTimes(1);
  });

  it('reuses an answer for ttlMs, then asks again', async () => {
    const inner = client();
    const api = new SharedKubernetesApi(inner, { now, ttlMs: 2000 });
    const body = { entity: entity('driver'), auth: {} };
    await api.getObjectsByEntity(body);
    time += 1999;
    await api.getObjectsByEntity(body);
    expect(inner.getObjectsByEntity).toHaveBeenCalledTimes(1);
    time += 1;
    await api.getObjectsByEntity(body);
    expect(inner.getObjectsByEntity).toHaveBeenCalledTimes(2);
  });

  it('keeps other entities and other credentials apart', async () => {
    const inner = client();
    const api = new SharedKubernetesApi(inner, { now });
    await api.getObjectsByEntity({ entity: entity('a'), auth: {} });
    await api.getObjectsByEntity({ entity: entity('b'), auth: {} });
    await api.getObjectsByEntity({
      entity: entity('a'),
      auth: { oidc: { okta: 'token' } },
    });
    expect(inner.getObjectsByEntity).toHaveBeenCalledTimes(3);
  });

  it('never reuses a failure', async () => {
    let calls = 0;
    const inner = client(async () => {
      calls += 1;
      if (calls === 1) throw new Error('kubernetes backend down');
      return { items: [] };
    });
    const api = new SharedKubernetesApi(inner, { now });
    const body = { entity: entity('driver'), auth: {} };
    await expect(api.getObjectsByEntity(body)).rejects.toThrow('down');
    await expect(api.getObjectsByEntity(body)).resolves.toEqual({ items: [] });
    expect(inner.getObjectsByEntity).toHaveBeenCalledTimes(2);
  });

  it('shares the cluster list between the cards that ask at once, for ttlMs', async () => {
    const inner = client();
    const api = new SharedKubernetesApi(inner, { now, ttlMs: 2000 });
    await Promise.all([
      api.getClusters(),
      api.getClusters(),
      api.getClusters(),
    ]);
    expect(inner.getClusters).toHaveBeenCalledTimes(1);

    time += 2000;
    await api.getClusters();
    expect(inner.getClusters).toHaveBeenCalledTimes(2);
    // The cluster list and an entity's objects are different answers.
    await api.getObjectsByEntity({ entity: entity('driver'), auth: {} });
    expect(inner.getObjectsByEntity).toHaveBeenCalledTimes(1);
  });

  it('passes every other call through', async () => {
    const inner = client();
    const api = new SharedKubernetesApi(inner, { now });
    await api.getCluster('sandbox');
    await api.proxy({ clusterName: 'sandbox', path: '/api' });
    expect(inner.getCluster).toHaveBeenCalledWith('sandbox');
    expect(inner.proxy).toHaveBeenCalledWith({
      clusterName: 'sandbox',
      path: '/api',
    });
  });
});
