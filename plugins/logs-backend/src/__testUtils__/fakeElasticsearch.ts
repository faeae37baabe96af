import { Entity } from '@backstage/catalog-model';
import { http, HttpResponse } from 'msw';

/** Where the tests' Elasticsearch lives (msw intercepts it). */
export const ES_URL = 'http://es.test:9200';

/** A Component with its workloads named, as the demo catalog has them. */
export function component(
  name: string,
  annotations: Record<string, string> = {
    'backstage.io/kubernetes-id': name,
    'backstage.io/kubernetes-namespace': name,
  },
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
  };
}

/** What the fake Elasticsearch saw: every `_count` request. */
export interface SeenCount {
  index: string;
  authorization: string | null;
  body: any;
}

/** `POST /<index>/_count` in ES 8's wire format, answering `count` and recording the request. */
export function countHandler(count: number, seen: SeenCount[] = []) {
  return http.post(`${ES_URL}/:index/_count`, async ({ request, params }) => {
    seen.push({
      index: decodeURIComponent(String(params.index)),
      authorization: request.headers.get('authorization'),
      body: await request.json(),
    });
    return HttpResponse.json(
      {
        count,
        _shards: { total: 2, successful: 2, skipped: 0, failed: 0 },
      },
      { headers: { 'X-elastic-product': 'Elasticsearch' } },
    );
  });
}

/** An ES error response (`{ error: { root_cause, type, reason }, status }`). */
export function errorHandler(status: number, type: string, reason: string) {
  return http.post(`${ES_URL}/:index/_count`, () =>
    HttpResponse.json(
      { error: { root_cause: [{ type, reason }], type, reason }, status },
      { status, headers: { 'X-elastic-product': 'Elasticsearch' } },
    ),
  );
}
