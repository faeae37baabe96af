import rison from 'rison';

/** Input of {@link buildKibanaDiscoverUrl}. @public */
export interface KibanaDiscoverLink {
  /** Kibana's base URL, e.g. `https://kibana.example.com` or `https://example.com/kibana`. */
  baseUrl: string;
  /** The data view (index pattern) id Discover opens. */
  dataViewId: string;
  /** The KQL query, already built with the escaping builders (`kqlEquals`, ...). */
  query: string;
  /** Start of the time range: a Date (sent as ISO 8601) or Kibana date math such as `now-1h`. */
  from: Date | string;
  /** End of the time range: a Date (sent as ISO 8601) or Kibana date math such as `now`. */
  to: Date | string;
  /** Columns of the document table; Discover's default (the whole document) when empty. */
  columns?: readonly string[];
}

function timeValue(value: Date | string): string {
  if (typeof value === 'string') return value;
  if (Number.isNaN(value.getTime())) {
    throw new Error('Kibana Discover link needs a valid time range');
  }
  return value.toISOString();
}

// URL-encodes a Rison value for the hash's query string. Like Kibana's own links, `:` `,` `@`
// `$` stay readable (they are legal in a fragment); everything that could end the parameter
// (`&` `=` `#` `+` `%`, whitespace) is percent-encoded.
function encodeRisonParam(value: string): string {
  return encodeURIComponent(value)
    .replace(/%3A/g, ':')
    .replace(/%2C/g, ',')
    .replace(/%40/g, '@')
    .replace(/%24/g, '$');
}

/**
 * The Kibana Discover deep link for a query and time range:
 * `<kibana>/app/discover#/?_g=(filters:!(),refreshInterval:(pause:!t,value:0),time:(from:'…',to:'…'))&_a=(columns:!(…),filters:!(),index:'<dataViewId>',interval:auto,query:(language:kuery,query:'<KQL>'),sort:!(!('@timestamp',desc)))`.
 * `_g` (global state) and `_a` (app state) are Rison-encoded with the `rison` library, then
 * URL-encoded. Discover's URL format is not a stable API; this is the one place that knows it.
 * @public
 */
export function buildKibanaDiscoverUrl(link: KibanaDiscoverLink): string {
  const base = new URL(link.baseUrl);
  if (base.protocol !== 'http:' && base.protocol !== 'https:') {
    throw new Error(`Kibana base URL must be http(s), got ${base.protocol}`);
  }
  if (!link.dataViewId) {
    throw new Error('Kibana Discover link needs a data view id');
  }
  const globalState = {
    filters: [],
    refreshInterval: { pause: true, value: 0 },
    time: { from: timeValue(link.from), to: timeValue(link.to) },
  };
  const appState = {
    columns: [...(link.columns ?? [])],
    filters: [],
    index: link.dataViewId,
    interval: 'auto',
    query: { language: 'kuery', query: link.query },
    sort: [['@timestamp', 'desc']],
  };
  const path = `${base.origin}${base.pathname.replace(/\/+$/, '')}`;
  return `${path}/app/discover#/?_g=${encodeRisonParam(
    rison.encode(globalState),
  )}&_a=${encodeRisonParam(rison.encode(appState))}`;
}
