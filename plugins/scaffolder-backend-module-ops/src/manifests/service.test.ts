import { exampleRequest } from './__fixtures__/serviceRequest';
import { buildService } from './service';

describe('buildService', () => {
  it.each([
    ['port 8080', 8080],
    ['port 3000', 3000],
  ])('maps port 80 named http to the container %s', (_case, port) => {
    expect(buildService(exampleRequest({ port }))).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: 'orders',
        namespace: 'orders',
        labels: {
          app: 'orders',
          'app.kubernetes.io/name': 'orders',
          'app.kubernetes.io/part-of': 'shop',
          'backstage.io/kubernetes-id': 'orders',
        },
      },
      spec: {
        type: 'ClusterIP',
        selector: { app: 'orders' },
        ports: [{ name: 'http', port: 80, targetPort: port, protocol: 'TCP' }],
      },
    });
  });
});
