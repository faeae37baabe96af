import { ServiceRequest } from '@internal/plugin-ops-common';
import { Deployment, IDeployment } from 'kubernetes-models/apps/v1';
import { INITIAL_VERSION, serviceLabels, versionSelector } from './labels';
import { validatedObject } from './validated';

/** CPU and memory of the service container (Kubernetes quantities). @public */
export interface ContainerResources {
  requests: { cpu: string; memory: string };
  limits: { cpu: string; memory: string };
}

/**
 * Requests and limits of a new service, as the platform's demo services use. The HPA's CPU
 * target is a percentage of the request, so a request is always set.
 * @public
 */
export const DEFAULT_CONTAINER_RESOURCES: ContainerResources = Object.freeze({
  requests: Object.freeze({ cpu: '100m', memory: '64Mi' }),
  limits: Object.freeze({ cpu: '500m', memory: '256Mi' }),
});

/**
 * Path of the readiness and liveness probes when the caller names none. The service request has no
 * health path, and `/` is what the platform's hardened-delivery tutorial probes (its Kyverno policy
 * only requires that probes exist); any HTTP server answers on it without app changes.
 * @public
 */
export const DEFAULT_PROBE_PATH = '/';

/** Non-request inputs of {@link buildDeployment}. @public */
export interface DeploymentOptions {
  /** HTTP path of both probes. Default {@link DEFAULT_PROBE_PATH}. */
  probePath?: string;
  /** Default {@link DEFAULT_CONTAINER_RESOURCES}. */
  resources?: ContainerResources;
}

/**
 * The service's `v1` Deployment: hardened pod (non-root, RuntimeDefault seccomp, read-only root
 * with a writable `/tmp`, no capabilities), HTTP probes on the named port, requests and limits, no
 * environment (secrets reach a service through mounted Secrets, never plain env). Replicas are
 * left to the HorizontalPodAutoscaler.
 * @public
 */
export function buildDeployment(
  request: ServiceRequest,
  options: DeploymentOptions = {},
): IDeployment {
  const probePath = options.probePath ?? DEFAULT_PROBE_PATH;
  const resources = options.resources ?? DEFAULT_CONTAINER_RESOURCES;
  const labels = { ...serviceLabels(request), version: INITIAL_VERSION };
  const httpGet = { path: probePath, port: 'http' };

  return validatedObject(
    new Deployment({
      metadata: { name: request.name, namespace: request.namespace, labels },
      spec: {
        selector: { matchLabels: versionSelector(request.name) },
        template: {
          metadata: { labels },
          spec: {
            securityContext: {
              runAsNonRoot: true,
              runAsUser: 10001,
              seccompProfile: { type: 'RuntimeDefault' },
            },
            containers: [
              {
                name: request.name,
                image: request.image,
                ports: [
                  {
                    name: 'http',
                    containerPort: request.port,
                    protocol: 'TCP',
                  },
                ],
                readinessProbe: {
                  httpGet,
                  initialDelaySeconds: 3,
                  periodSeconds: 5,
                },
                livenessProbe: {
                  httpGet,
                  initialDelaySeconds: 10,
                  periodSeconds: 10,
                },
                resources: {
                  requests: { ...resources.requests },
                  limits: { ...resources.limits },
                },
                securityContext: {
                  allowPrivilegeEscalation: false,
                  readOnlyRootFilesystem: true,
                  capabilities: { drop: ['ALL'] },
                },
                volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
              },
            ],
            volumes: [{ name: 'tmp', emptyDir: {} }],
          },
        },
      },
    }),
  );
}
