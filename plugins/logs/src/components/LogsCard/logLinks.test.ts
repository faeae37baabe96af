import { mockApis } from '@backstage/frontend-test-utils';
import { DEFAULT_LOG_FIELDS } from '@internal/plugin-logs-common';
import {
  annotatedEntity,
  decodeDiscoverUrl,
  KIBANA,
} from '../../__testUtils__/fixtures';
import { buildLogLinks, buildPodLogLink, readKibanaSettings } from './logLinks';

const settings = {
  baseUrl: KIBANA,
  dataViewId: 'logs-*',
  fields: readKibanaSettingsFields(),
};
const window = {
  from: new Date('2026-11-22T08:00:00.000Z'),
  to: new Date('2026-11-22T09:00:00.000Z'),
};
const target = { namespace: 'driver', app: 'driver' };

function readKibanaSettingsFields() {
  return {
    ...DEFAULT_LOG_FIELDS,
    errorLevels: [...DEFAULT_LOG_FIELDS.errorLevels],
  };
}

describe('readKibanaSettings', () => {
  it('is undefined until baseUrl and dataViewId are set', () => {
    expect(readKibanaSettings(mockApis.config())).toBeUndefined();
    expect(
      readKibanaSettings(
        mockApis.config({
          data: { opsPortal: { logs: { kibana: { baseUrl: KIBANA } } } },
        }),
      ),
    ).toBeUndefined();
  });

  it('reads the field mapping with defaults', () => {
    const config = mockApis.config({
      data: {
        opsPortal: {
          logs: {
            kibana: {
              baseUrl: KIBANA,
              dataViewId: 'dv',
              fields: { level: 'severity' },
            },
          },
        },
      },
    });
    expect(readKibanaSettings(config)).toEqual({
      baseUrl: KIBANA,
      dataViewId: 'dv',
      fields: { ...DEFAULT_LOG_FIELDS, level: 'severity' },
    });
  });
});

describe('buildLogLinks', () => {
  it('links the service, its errors and its Kong access logs for the window', () => {
    const links = buildLogLinks({
      settings,
      entity: annotatedEntity,
      target,
      window,
    });
    expect(links.map(l => l.key)).toEqual(['service', 'errors', 'kong']);
    const decoded = links.map(l => decodeDiscoverUrl(l.url));
    for (const { base, g, a } of decoded) {
      expect(base).toBe(`${KIBANA}/app/discover`);
      expect(g.time).toEqual({
        from: '2026-11-22T08:00:00.000Z',
        to: '2026-11-22T09:00:00.000Z',
      });
      expect(a.index).toBe('logs-*');
    }
    expect(decoded.map(d => d.a.query.query)).toEqual([
      'kubernetes.namespace_name:"driver" and kubernetes.labels.app:"driver"',
      'kubernetes.namespace_name:"driver" and kubernetes.labels.app:"driver" and level:("error" or "fatal" or "critical")',
      'service.name:driver.driver.*',
    ]);
    expect(decoded[2].a.columns).toEqual([
      'route.name',
      'request.method',
      'request.uri',
      'response.status',
    ]);
  });

  it('takes the data view (escaped) and the valid Kong service names from the annotations', () => {
    const entity = {
      ...annotatedEntity,
      metadata: {
        ...annotatedEntity.metadata,
        annotations: {
          ...annotatedEntity.metadata.annotations,
          'ops-portal/kibana-data-view': "dv')!,index:'x",
          'ops-portal/kong-service':
            'driver.driver.pnum-80, a" or service.name:"*',
        },
      },
    };
    const [service, , kong] = buildLogLinks({
      settings,
      entity,
      target,
      window,
    });
    expect(decodeDiscoverUrl(service.url).a.index).toBe("dv')!,index:'x");
    // `a" or service.name:"*` is no Kong name: it never reaches the query.
    expect(decodeDiscoverUrl(kong.url).a.query.query).toBe(
      'service.name:"driver.driver.pnum-80"',
    );
  });

  it('links one pod by namespace and pod name', () => {
    const link = buildPodLogLink(
      { settings, entity: annotatedEntity, target, window },
      'driver-abc',
    );
    expect(link.title).toBe('driver-abc');
    expect(decodeDiscoverUrl(link.url).a.query.query).toBe(
      'kubernetes.namespace_name:"driver" and kubernetes.pod_name:"driver-abc"',
    );
  });
});
