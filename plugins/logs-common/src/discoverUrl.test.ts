import rison from 'rison';
import { buildKibanaDiscoverUrl, KibanaDiscoverLink } from './discoverUrl';
import { kqlEquals } from './kql';

const FROM = new Date('2026-11-22T08:00:00.000Z');
const TO = new Date('2026-11-22T09:00:00.000Z');

/** Splits a Discover link into its base and its decoded `_g` / `_a` Rison states. */
function decode(url: string) {
  const [base, hash] = url.split('#');
  expect(hash.startsWith('/?')).toBe(true);
  const params = Object.fromEntries(
    hash
      .slice(2)
      .split('&')
      .map(pair => {
        const [key, value] = pair.split('=');
        return [key, decodeURIComponent(value)];
      }),
  );
  expect(Object.keys(params)).toEqual(['_g', '_a']);
  return {
    base,
    g: rison.decode<Record<string, unknown>>(params._g),
    a: rison.decode<Record<string, any>>(params._a),
    raw: params as { _g: string; _a: string },
  };
}

function link(overrides: Partial<KibanaDiscoverLink> = {}): string {
  return buildKibanaDiscoverUrl({
    baseUrl: 'https://kibana.example.com',
    dataViewId: 'logs-*',
    query: 'kubernetes.namespace_name:"driver"',
    from: FROM,
    to: TO,
    ...overrides,
  });
}

describe('buildKibanaDiscoverUrl', () => {
  it('produces the Discover format: _g then _a, Rison, keys in Kibana order', () => {
    const url = link({ columns: ['kubernetes.pod_name', 'log'] });
    expect(url).toBe(
      'https://kibana.example.com/app/discover#/?' +
        "_g=(filters:!(),refreshInterval:(pause:!t,value:0),time:(from:'2026-11-22T08:00:00.000Z',to:'2026-11-22T09:00:00.000Z'))" +
        "&_a=(columns:!(kubernetes.pod_name,log),filters:!(),index:'logs-*',interval:auto," +
        "query:(language:kuery,query:'kubernetes.namespace_name:%22driver%22'),sort:!(!('@timestamp',desc)))",
    );
    const { g, a } = decode(url);
    expect(g).toEqual({
      filters: [],
      refreshInterval: { pause: true, value: 0 },
      time: { from: FROM.toISOString(), to: TO.toISOString() },
    });
    expect(a).toEqual({
      columns: ['kubernetes.pod_name', 'log'],
      filters: [],
      index: 'logs-*',
      interval: 'auto',
      query: { language: 'kuery', query: 'kubernetes.namespace_name:"driver"' },
      sort: [['@timestamp', 'desc']],
    });
  });

  it.each([
    [
      'https://kibana.example.com/',
      'https://kibana.example.com/app/discover#/',
    ],
    ['https://example.com/kibana', 'https://example.com/kibana/app/discover#/'],
    [
      'https://example.com/kibana//',
      'https://example.com/kibana/app/discover#/',
    ],
    ['http://localhost:5601', 'http://localhost:5601/app/discover#/'],
    [
      'https://user:pw@kibana.example.com',
      'https://kibana.example.com/app/discover#/',
    ],
  ])('base URL %s → %s', (baseUrl, prefix) => {
    expect(link({ baseUrl }).startsWith(`${prefix}?_g=`)).toBe(true);
  });

  it('keeps date math as given and defaults the columns to none', () => {
    const { g, a } = decode(link({ from: 'now-15m', to: 'now' }));
    expect(g.time).toEqual({ from: 'now-15m', to: 'now' });
    expect(a.columns).toEqual([]);
  });

  it.each<[string, string]>([
    ['single quote', "it's"],
    ['Rison bang', 'boom!'],
    ['Rison escapes', "!' !! !("],
    ['closing parens', "x')),index:'evil"],
    ['ampersand and hash', 'a&_a=(evil)#frag'],
    ['percent and plus', '100% + 1'],
    ['KQL or', 'driver" or kubernetes.namespace_name:"*'],
    ['unicode', 'pagamentos-ção ✓ 日本'],
    ['newline', 'a\nb'],
  ])('round-trips a query with %s exactly', (_name, value) => {
    const query = kqlEquals('kubernetes.labels.app', value);
    const { a, raw, base } = decode(link({ query }));
    expect(base).toBe('https://kibana.example.com/app/discover');
    expect(a.query).toEqual({ language: 'kuery', query });
    expect(a.index).toBe('logs-*');
    // nothing in the value can end the parameter or the fragment
    expect(raw._a.startsWith('(columns:!()')).toBe(true);
  });

  it('escapes a data view id that tries to break out of Rison', () => {
    const dataViewId = "x',query:(query:'*'))";
    const { a } = decode(link({ dataViewId }));
    expect(a.index).toBe(dataViewId);
    expect(a.query.query).toBe('kubernetes.namespace_name:"driver"');
  });

  it.each([
    [{ baseUrl: 'file:///etc/passwd' }, /http\(s\)/],
    [{ baseUrl: 'not a url' }, /Invalid URL/],
    [{ dataViewId: '' }, /data view/],
    [{ from: new Date('nope') }, /time range/],
  ])('rejects %o', (overrides, error) => {
    expect(() => link(overrides as Partial<KibanaDiscoverLink>)).toThrow(error);
  });
});
