import { ServiceRequest } from '@internal/plugin-ops-common';
import {
  ExternalSecret,
  IExternalSecret,
} from '@kubernetes-models/external-secrets/external-secrets.io/v1beta1';
import { serviceLabels } from './labels';
import { validatedObject } from './validated';

/** Key of the client secret inside the Secret the OIDC KongPlugin reads. @public */
export const OIDC_CLIENT_SECRET_KEY = 'client-secret';

/** Name of the Secret holding a service's Keycloak client secret: `<name>-oidc-client`. @public */
export function oidcClientSecretName(name: string): string {
  return `${name}-oidc-client`;
}

/**
 * Key of the client secret in the external store (`<namespace>/<name>-oidc-client`, property
 * `client-secret`). Whatever writes the secret to the store must use the same key.
 * @public
 */
export function oidcClientSecretRemoteKey(
  request: Pick<ServiceRequest, 'name' | 'namespace'>,
): string {
  return `${request.namespace}/${oidcClientSecretName(request.name)}`;
}

/** The ExternalSecret as written to Git (served API version of External Secrets Operator). @public */
export type OidcClientExternalSecret = Omit<IExternalSecret, 'apiVersion'> & {
  apiVersion: 'external-secrets.io/v1';
};

/**
 * The ExternalSecret that materializes the Secret `<name>-oidc-client` from the
 * ClusterSecretStore `store`, for `secretDelivery: external-secret`.
 *
 * The model package that loads in the CommonJS backend has only `v1beta1`; `v1` has the same
 * fields for this object, so it is validated as `v1beta1` and written as `external-secrets.io/v1`,
 * the version current operators serve.
 * @public
 */
export function buildOidcClientExternalSecret(
  request: ServiceRequest,
  store: string,
): OidcClientExternalSecret {
  const name = oidcClientSecretName(request.name);
  const object = validatedObject(
    new ExternalSecret({
      metadata: {
        name,
        namespace: request.namespace,
        labels: serviceLabels(request),
      },
      spec: {
        refreshInterval: '1h',
        secretStoreRef: { kind: 'ClusterSecretStore', name: store },
        target: { name, creationPolicy: 'Owner' },
        data: [
          {
            secretKey: OIDC_CLIENT_SECRET_KEY,
            remoteRef: {
              key: oidcClientSecretRemoteKey(request),
              property: OIDC_CLIENT_SECRET_KEY,
            },
          },
        ],
      },
    }),
  );
  return { ...object, apiVersion: 'external-secrets.io/v1' };
}
