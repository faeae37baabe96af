import { ConfigReader } from '@backstage/config';
import { DEFAULT_LOG_FIELDS, readLogFieldMapping } from './logFields';
import {
  applicationLogColumns,
  errorLogsQuery,
  kongAccessLogColumns,
  kongAccessLogsQuery,
  podLogsQuery,
  serviceLogsQuery,
} from './logQueries';

const fields = readLogFieldMapping(undefined);
const driver = { namespace: 'driver', app: 'driver' };

describe('log queries', () => {
  it('selects every pod of the service by namespace and app label', () => {
    expect(serviceLogsQuery(fields, driver)).toBe(
      'kubernetes.namespace_name:"driver" and kubernetes.labels.app:"driver"',
    );
  });

  it('selects one pod by namespace and pod name', () => {
    expect(podLogsQuery(fields, driver, 'driver-7d9c6b5f4-x2x9q')).toBe(
      'kubernetes.namespace_name:"driver" and kubernetes.pod_name:"driver-7d9c6b5f4-x2x9q"',
    );
  });

  it('errors only: the error levels, plus the HTTP status when configured', () => {
    expect(errorLogsQuery(fields, driver)).toBe(
      'kubernetes.namespace_name:"driver" and kubernetes.labels.app:"driver" and ' +
        'level:("error" or "fatal" or "critical")',
    );
    expect(
      errorLogsQuery(
        {
          ...fields,
          httpStatus: 'status',
          errorStatusFrom: 502,
          errorLevels: ['ERROR'],
        },
        driver,
      ),
    ).toBe(
      'kubernetes.namespace_name:"driver" and kubernetes.labels.app:"driver" and ' +
        '(level:"ERROR" or status >= 502)',
    );
  });

  it('Kong access logs: the annotated Kong services, else the KIC name prefix', () => {
    expect(kongAccessLogsQuery(fields, driver)).toBe(
      'service.name:driver.driver.*',
    );
    expect(
      kongAccessLogsQuery(fields, driver, ['driver.driver.pnum-80', 'legacy']),
    ).toBe('service.name:("driver.driver.pnum-80" or "legacy")');
  });

  it.each<[string, string, string]>([
    [
      'quote',
      'a" or kubernetes.namespace_name:"kube-system',
      'service.name:"a\\" or kubernetes.namespace_name:\\"kube-system"',
    ],
    ['parenthesis', 'x) or (y', 'service.name:"x) or (y"'],
    ['Rison characters', "it's!", 'service.name:"it\'s!"'],
    ['wildcard', '*', 'service.name:"*"'],
    ['unicode', 'serviço-ção', 'service.name:"serviço-ção"'],
  ])(
    'keeps a Kong service annotation with a %s inside its quotes',
    (_n, name, kql) => {
      expect(kongAccessLogsQuery(fields, driver, [name])).toBe(kql);
    },
  );

  it('names the columns of each kind of link', () => {
    expect(applicationLogColumns(fields)).toEqual([
      'kubernetes.pod_name',
      'kubernetes.container_name',
      'level',
      'log',
    ]);
    expect(kongAccessLogColumns(fields)).toEqual([
      'route.name',
      'request.method',
      'request.uri',
      'response.status',
    ]);
  });

  it('refuses a configured field that would inject KQL', () => {
    expect(() =>
      serviceLogsQuery({ ...fields, app: 'app:"x" or y' }, driver),
    ).toThrow(/not a valid KQL field/);
  });
});

describe('readLogFieldMapping', () => {
  it('uses the defaults without config', () => {
    expect(readLogFieldMapping(undefined)).toEqual(DEFAULT_LOG_FIELDS);
  });

  it('overrides only what the config sets', () => {
    const config = new ConfigReader({
      app: 'kubernetes.labels.app_kubernetes_io/name',
      level: 'severity',
      errorLevels: ['ERR'],
      httpStatus: 'http.response.status_code',
      errorStatusFrom: 500,
    });
    expect(readLogFieldMapping(config)).toEqual({
      ...DEFAULT_LOG_FIELDS,
      app: 'kubernetes.labels.app_kubernetes_io/name',
      level: 'severity',
      errorLevels: ['ERR'],
      httpStatus: 'http.response.status_code',
    });
  });
});
