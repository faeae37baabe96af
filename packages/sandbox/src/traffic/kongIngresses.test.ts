import { kongIngressPaths, prometheusPluginFor } from './kongIngresses';
import { seededCluster } from './__testUtils__/seededCluster';

const ALL_ON = {
  statusCode: true,
  latency: true,
  bandwidth: true,
  upstreamHealth: true,
};

describe('kongIngressPaths', () => {
  it('lists every path of the kong Ingresses with its prometheus flags', () => {
    const store = seededCluster('nginx-ab', 'driver');
    expect(kongIngressPaths(store)).toEqual([
      {
        namespace: 'driver',
        ingress: 'driver',
        ruleIndex: 0,
        pathIndex: 0,
        host: '',
        service: 'driver',
        port: 80,
        prometheus: ALL_ON,
      },
      expect.objectContaining({
        namespace: 'nginx-ab',
        service: 'nginx-ab',
        prometheus: ALL_ON,
      }),
    ]);
  });

  it('skips Ingresses of other classes', () => {
    const store = seededCluster('nginx-ab');
    const type = store.typeFor('networking.k8s.io/v1', 'Ingress')!;
    const ingress = store.get(type, 'nginx-ab', 'nginx-ab')!;
    store.update({
      ...ingress,
      spec: { ...ingress.spec, ingressClassName: 'nginx' },
    });
    expect(kongIngressPaths(store)).toEqual([]);
  });
});

describe('prometheusPluginFor', () => {
  const setup = () => {
    const store = seededCluster('nginx-ab');
    const ingressType = store.typeFor('networking.k8s.io/v1', 'Ingress')!;
    const ingress = store.get(ingressType, 'nginx-ab', 'nginx-ab')!;
    const annotate = (plugins: string) =>
      store.update({
        ...ingress,
        metadata: {
          ...ingress.metadata,
          annotations: { 'konghq.com/plugins': plugins },
        },
      });
    const clusterPlugin = (
      name: string,
      config: object,
      labels?: Record<string, string>,
    ) =>
      store.create({
        apiVersion: 'configuration.konghq.com/v1',
        kind: 'KongClusterPlugin',
        metadata: { name, labels },
        plugin: 'prometheus',
        config,
      });
    return {
      store,
      annotate,
      clusterPlugin,
      ingress: () => store.get(ingressType, 'nginx-ab', 'nginx-ab')!,
    };
  };

  it.each([
    ['the annotated KongPlugin', 'prometheus-nginx-ab', undefined, ALL_ON],
    ['no prometheus plugin at all', '', undefined, undefined],
    [
      'an annotated KongClusterPlugin',
      'cluster-prom',
      { name: 'cluster-prom', config: { latency_metrics: true } },
      {
        statusCode: false,
        latency: true,
        bandwidth: false,
        upstreamHealth: false,
      },
    ],
    [
      'a global KongClusterPlugin',
      '',
      {
        name: 'global-prom',
        config: { status_code_metrics: true },
        labels: { global: 'true' },
      },
      {
        statusCode: true,
        latency: false,
        bandwidth: false,
        upstreamHealth: false,
      },
    ],
  ])('finds %s', (_case, plugins, cluster, expected) => {
    const { store, annotate, clusterPlugin, ingress } = setup();
    annotate(plugins);
    if (cluster)
      clusterPlugin(cluster.name, cluster.config, (cluster as any).labels);
    expect(prometheusPluginFor(store, ingress())).toEqual(expected);
  });
});
