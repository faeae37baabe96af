import { ServiceRequest } from '@internal/plugin-ops-common';
import { IIngress, Ingress } from 'kubernetes-models/networking.k8s.io/v1';
import { serviceLabels } from './labels';
import { SERVICE_PORT } from './service';
import { validatedObject } from './validated';

/** The IngressClass of Kong Ingress Controller. @public */
export const KONG_INGRESS_CLASS = 'kong';

/** Non-request inputs of {@link buildIngress}. @public */
export interface IngressOptions {
  /** KongPlugin names for `konghq.com/plugins`, in the order they are listed. */
  pluginNames: string[];
  /** Host the route matches; undefined matches any host. */
  host?: string;
}

/**
 * The Kong route: `routePath` as a prefix to the Service's port 80. Kong strips the prefix
 * (the upstream sees its own paths) and sends the upstream's host, not the client's, so the mesh
 * routes by Service name; the plugins run on this route.
 * @public
 */
export function buildIngress(
  request: ServiceRequest,
  options: IngressOptions,
): IIngress {
  return validatedObject(
    new Ingress({
      metadata: {
        name: request.name,
        namespace: request.namespace,
        labels: serviceLabels(request),
        annotations: {
          'konghq.com/strip-path': 'true',
          'konghq.com/preserve-host': 'false',
          'konghq.com/plugins': options.pluginNames.join(','),
        },
      },
      spec: {
        ingressClassName: KONG_INGRESS_CLASS,
        rules: [
          {
            ...(options.host ? { host: options.host } : {}),
            http: {
              paths: [
                {
                  path: request.routePath,
                  pathType: 'Prefix',
                  backend: {
                    service: {
                      name: request.name,
                      port: { number: SERVICE_PORT },
                    },
                  },
                },
              ],
            },
          },
        ],
      },
    }),
  );
}
