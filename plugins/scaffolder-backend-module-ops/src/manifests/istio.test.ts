import { exampleRequest } from './__fixtures__/serviceRequest';
import { buildDestinationRule, buildVirtualService } from './istio';

describe('Istio objects', () => {
  it.each(['orders', 'billing'])('subset v1 of %s', name => {
    const rule = buildDestinationRule(exampleRequest({ name }));
    expect(rule).toEqual({
      apiVersion: 'networking.istio.io/v1',
      kind: 'DestinationRule',
      metadata: {
        name,
        namespace: 'orders',
        labels: expect.objectContaining({ 'backstage.io/kubernetes-id': name }),
      },
      spec: {
        host: name,
        subsets: [{ name: 'v1', labels: { version: 'v1' } }],
      },
    });
  });

  it.each(['orders', 'billing'])('routes all of %s to v1', name => {
    const service = buildVirtualService(exampleRequest({ name }));
    expect(service).toEqual({
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: {
        name,
        namespace: 'orders',
        labels: expect.objectContaining({ 'backstage.io/kubernetes-id': name }),
      },
      spec: {
        hosts: [name],
        http: [
          {
            route: [{ destination: { host: name, subset: 'v1' }, weight: 100 }],
          },
        ],
      },
    });
  });
});
