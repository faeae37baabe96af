import { IngressPathBackend, kongNamesFor, KongNaming } from './kongNames';

const nginx: IngressPathBackend = {
  namespace: 'nginx-ab',
  ingress: 'nginx-ab',
  ruleIndex: 0,
  pathIndex: 0,
  host: '',
  service: 'nginx-ab',
  port: 80,
};

describe('kongNamesFor', () => {
  it.each<[string, IngressPathBackend, KongNaming, string, string, string]>([
    [
      'KIC 2 legacy, numbered port',
      nginx,
      'kic2',
      'nginx-ab.nginx-ab.pnum-80',
      'nginx-ab.nginx-ab.00',
      'nginx-ab.nginx-ab.80.svc',
    ],
    [
      'KIC 2 legacy, named port, second rule',
      { ...nginx, port: 'http', ruleIndex: 1, pathIndex: 2 },
      'kic2',
      'nginx-ab.nginx-ab.pname-http',
      'nginx-ab.nginx-ab.12',
      'nginx-ab.nginx-ab.http.svc',
    ],
    [
      'KIC 3, no host',
      nginx,
      'kic3',
      'nginx-ab.nginx-ab.80',
      'nginx-ab.nginx-ab.nginx-ab..80',
      'nginx-ab.nginx-ab.80.svc',
    ],
    [
      'KIC 3, wildcard host',
      { ...nginx, host: '*.example.com' },
      'kic3',
      'nginx-ab.nginx-ab.80',
      'nginx-ab.nginx-ab.nginx-ab._.example.com.80',
      'nginx-ab.nginx-ab.80.svc',
    ],
  ])('%s', (_case, backend, naming, service, route, upstream) => {
    expect(kongNamesFor(backend, naming)).toEqual({ service, route, upstream });
  });
});
