import { durationMs, meshRouteFor } from './meshRoutes';
import { seededCluster, setWeights } from './__testUtils__/seededCluster';

describe('durationMs', () => {
  it.each([
    ['5s', 5000],
    ['250ms', 250],
    ['1.5s', 1500],
    ['1m', 60_000],
    ['1h', 3_600_000],
    ['', 0],
    ['soon', 0],
  ])('%p → %p', (input, expected) => {
    expect(durationMs(input)).toBe(expected);
  });
});

describe('meshRouteFor', () => {
  const service = (
    store: ReturnType<typeof seededCluster>,
    ns: string,
    name: string,
  ) => store.get(store.typeFor('v1', 'Service')!, ns, name)!;

  it('resolves VirtualService weights to DestinationRule subsets and their Deployments', () => {
    const store = seededCluster('nginx-ab');
    setWeights(store, 'nginx-ab', 'nginx-ab', [40, 60], {
      abort: { httpStatus: 502, percentage: { value: 5 } },
      delay: { fixedDelay: '300ms' },
    });
    const route = meshRouteFor(store, service(store, 'nginx-ab', 'nginx-ab'));
    expect(route.virtualService).toBe('nginx-ab');
    expect(
      route.destinations.map(d => ({
        subset: d.subset,
        weight: d.weight,
        workloads: d.workloads.map(w => [w.name, w.version, w.pods.length]),
      })),
    ).toEqual([
      { subset: 'v1', weight: 40, workloads: [['nginx-v1', 'v1', 1]] },
      { subset: 'v2', weight: 60, workloads: [['nginx-v2', 'v2', 1]] },
    ]);
    expect(route.fault).toEqual({
      abort: { httpStatus: 502, fraction: 0.05 },
      delay: { delayMs: 300, fraction: 1 },
    });
  });

  it('without a VirtualService, weighs each Deployment by its ready pods', () => {
    const store = seededCluster('giropops-senhas');
    const vsType = store.typeFor('networking.istio.io/v1', 'VirtualService')!;
    store.delete(vsType, 'giropops', 'giropops-senhas');
    const route = meshRouteFor(
      store,
      service(store, 'giropops', 'giropops-senhas'),
    );
    expect(route.virtualService).toBeUndefined();
    expect(route.destinations).toEqual([
      expect.objectContaining({ subset: 'v1', weight: 1 }),
    ]);
    expect(route.destinations[0].workloads[0]).toMatchObject({
      name: 'giropops-senhas',
      app: 'giropops-senhas',
      canonicalService: 'giropops-senhas',
    });
  });

  it('gives a subset the DestinationRule does not define no workloads', () => {
    const store = seededCluster('nginx-ab');
    const vsType = store.typeFor('networking.istio.io/v1', 'VirtualService')!;
    const vs = store.get(vsType, 'nginx-ab', 'nginx-ab')!;
    vs.spec.http[0].route[1].destination.subset = 'v3';
    store.update(vs);
    const route = meshRouteFor(store, service(store, 'nginx-ab', 'nginx-ab'));
    expect(route.destinations[1]).toMatchObject({
      subset: 'v3',
      workloads: [],
    });
  });
});
