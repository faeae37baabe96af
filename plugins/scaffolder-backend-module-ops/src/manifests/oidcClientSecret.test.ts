import { exampleRequest } from './__fixtures__/serviceRequest';
import {
  buildOidcClientExternalSecret,
  oidcClientSecretName,
  oidcClientSecretRemoteKey,
} from './oidcClientSecret';

describe('OIDC client secret', () => {
  it('names the Secret and its key in the store', () => {
    expect(oidcClientSecretName('orders')).toBe('orders-oidc-client');
    expect(
      oidcClientSecretRemoteKey({ name: 'orders', namespace: 'shop' }),
    ).toBe('shop/orders-oidc-client');
  });

  it.each(['vault', 'aws-secrets'])(
    'reads the secret from the store %s',
    store => {
      expect(buildOidcClientExternalSecret(exampleRequest(), store)).toEqual({
        apiVersion: 'external-secrets.io/v1',
        kind: 'ExternalSecret',
        metadata: {
          name: 'orders-oidc-client',
          namespace: 'orders',
          labels: expect.objectContaining({
            'backstage.io/kubernetes-id': 'orders',
          }),
        },
        spec: {
          refreshInterval: '1h',
          secretStoreRef: { kind: 'ClusterSecretStore', name: store },
          target: { name: 'orders-oidc-client', creationPolicy: 'Owner' },
          data: [
            {
              secretKey: 'client-secret',
              remoteRef: {
                key: 'orders/orders-oidc-client',
                property: 'client-secret',
              },
            },
          ],
        },
      });
    },
  );
});
