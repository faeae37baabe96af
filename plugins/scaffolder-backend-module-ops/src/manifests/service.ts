import { ServiceRequest } from '@internal/plugin-ops-common';
import { IService, Service } from 'kubernetes-models/v1';
import { serviceLabels } from './labels';
import { validatedObject } from './validated';

/** The port the Service (and so Kong and the mesh) addresses the service on. @public */
export const SERVICE_PORT = 80;

/**
 * The ClusterIP Service: port 80 named `http` (Istio's protocol selection reads the name) to the
 * container port. It selects every version (`app` only); the DestinationRule subsets split them.
 * @public
 */
export function buildService(request: ServiceRequest): IService {
  return validatedObject(
    new Service({
      metadata: {
        name: request.name,
        namespace: request.namespace,
        labels: serviceLabels(request),
      },
      spec: {
        type: 'ClusterIP',
        selector: { app: request.name },
        ports: [
          {
            name: 'http',
            port: SERVICE_PORT,
            targetPort: request.port,
            protocol: 'TCP',
          },
        ],
      },
    }),
  );
}
