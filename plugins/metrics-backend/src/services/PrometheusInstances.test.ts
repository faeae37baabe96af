import { ConfigReader } from '@backstage/config';
import { JsonValue } from '@backstage/types';
import {
  grafanaDashboardUrl,
  PrometheusInstances,
  prometheusGraphUrl,
} from './PrometheusInstances';

const config = (prometheus: JsonValue) =>
  new ConfigReader({ opsPortal: { metrics: { prometheus } } });

describe('PrometheusInstances', () => {
  it('reads instances with defaults', () => {
    const instances = PrometheusInstances.fromConfig(
      config([
        { name: 'a', url: 'http://a:9090/' },
        {
          name: 'b',
          url: 'http://b:9090',
          publicUrl: 'https://b.example.com/',
          timeoutMs: 800,
        },
      ]),
    );
    expect(instances.all).toEqual([
      {
        name: 'a',
        url: 'http://a:9090',
        publicUrl: 'http://a:9090',
        timeoutMs: 5000,
        grafanaDashboardUrl: undefined,
        bearerToken: undefined,
      },
      {
        name: 'b',
        url: 'http://b:9090',
        publicUrl: 'https://b.example.com',
        timeoutMs: 800,
        grafanaDashboardUrl: undefined,
        bearerToken: undefined,
      },
    ]);
    expect(instances.pick(undefined).name).toBe('a');
    expect(instances.pick('b').name).toBe('b');
    expect(() => instances.pick('c')).toThrow(
      "The entity asks for Prometheus 'c', but only 'a', 'b' are configured",
    );
  });

  it('is empty without config, and says so when asked', () => {
    const instances = PrometheusInstances.fromConfig(new ConfigReader({}));
    expect(instances.all).toEqual([]);
    expect(() => instances.pick(undefined)).toThrow(
      'No Prometheus is configured (opsPortal.metrics.prometheus)',
    );
  });

  it('rejects a non-positive timeout', () => {
    expect(() =>
      PrometheusInstances.fromConfig(
        config([{ name: 'a', url: 'http://a', timeoutMs: 0 }]),
      ),
    ).toThrow(/timeoutMs/);
  });

  it.each([
    ['plain', 'default', 'driver', 'https://g/d/x?ns=default&svc=driver'],
    ['encoded', 'a b', 'x&y=z', 'https://g/d/x?ns=a%20b&svc=x%26y%3Dz'],
  ])('fills the Grafana URL (%s)', (_name, namespace, service, expected) => {
    const [instance] = PrometheusInstances.fromConfig(
      config([
        {
          name: 'a',
          url: 'http://a',
          grafanaDashboardUrl: 'https://g/d/x?ns=${namespace}&svc=${service}',
        },
      ]),
    ).all;
    expect(grafanaDashboardUrl(instance, { namespace, service })).toBe(
      expected,
    );
  });

  it('links the /graph page with the query and window', () => {
    const [instance] = PrometheusInstances.fromConfig(
      config([{ name: 'a', url: 'http://a:9090' }]),
    ).all;
    const url = prometheusGraphUrl(instance, 'sum(up{job="x"})', {
      start: 1_700_000_000 - 3600,
      end: 1_700_000_000,
      stepSeconds: 30,
    });
    expect(url).toBe(
      'http://a:9090/graph?g0.expr=sum%28up%7Bjob%3D%22x%22%7D%29&g0.tab=0&g0.range_input=1h&g0.end_input=2023-11-14+22%3A13%3A20&g0.step_input=30',
    );
  });
});
