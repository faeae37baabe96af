import { ServiceRequest } from '@internal/plugin-ops-common';
import {
  DestinationRule,
  IDestinationRule,
  IVirtualService,
  VirtualService,
} from '@kubernetes-models/istio/networking.istio.io/v1beta1';
import { INITIAL_VERSION, serviceLabels } from './labels';
import { validatedObject } from './validated';

/**
 * The Istio API version written to Git. The model package that loads in the CommonJS backend
 * (`@kubernetes-models/istio` 2.x) has no `v1`; `v1` has the same fields as `v1beta1` for these
 * objects, so they are validated with the `v1beta1` models and written as `v1`.
 * @public
 */
export const ISTIO_NETWORKING_API_VERSION = 'networking.istio.io/v1';

/** A DestinationRule as written to Git. @public */
export type IstioDestinationRule = Omit<IDestinationRule, 'apiVersion'> & {
  apiVersion: typeof ISTIO_NETWORKING_API_VERSION;
};

/** A VirtualService as written to Git. @public */
export type IstioVirtualService = Omit<IVirtualService, 'apiVersion'> & {
  apiVersion: typeof ISTIO_NETWORKING_API_VERSION;
};

function metadata(request: ServiceRequest) {
  return {
    name: request.name,
    namespace: request.namespace,
    labels: serviceLabels(request),
  };
}

/** One subset `v1` (pods labelled `version: v1`) of the service's host. @public */
export function buildDestinationRule(
  request: ServiceRequest,
): IstioDestinationRule {
  const object = validatedObject(
    new DestinationRule({
      metadata: metadata(request),
      spec: {
        host: request.name,
        subsets: [
          { name: INITIAL_VERSION, labels: { version: INITIAL_VERSION } },
        ],
      },
    }),
  );
  return { ...object, apiVersion: ISTIO_NETWORKING_API_VERSION };
}

/** All traffic to subset `v1` until the weights are shifted. @public */
export function buildVirtualService(
  request: ServiceRequest,
): IstioVirtualService {
  const object = validatedObject(
    new VirtualService({
      metadata: metadata(request),
      spec: {
        hosts: [request.name],
        http: [
          {
            route: [
              {
                destination: { host: request.name, subset: INITIAL_VERSION },
                weight: 100,
              },
            ],
          },
        ],
      },
    }),
  );
  return { ...object, apiVersion: ISTIO_NETWORKING_API_VERSION };
}
