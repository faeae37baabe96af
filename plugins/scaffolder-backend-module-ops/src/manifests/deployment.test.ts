import { exampleRequest } from './__fixtures__/serviceRequest';
import {
  buildDeployment,
  DEFAULT_CONTAINER_RESOURCES,
  DEFAULT_PROBE_PATH,
} from './deployment';

describe('buildDeployment', () => {
  it('builds the hardened v1 Deployment with the defaults', () => {
    const deployment = buildDeployment(exampleRequest());
    expect(deployment.apiVersion).toBe('apps/v1');
    expect(deployment.metadata).toEqual({
      name: 'orders',
      namespace: 'orders',
      labels: {
        app: 'orders',
        'app.kubernetes.io/name': 'orders',
        'app.kubernetes.io/part-of': 'shop',
        'backstage.io/kubernetes-id': 'orders',
        version: 'v1',
      },
    });
    expect(deployment.spec?.replicas).toBeUndefined();
    expect(deployment.spec?.selector).toEqual({
      matchLabels: { app: 'orders', version: 'v1' },
    });
    const pod = deployment.spec!.template.spec!;
    expect(deployment.spec!.template.metadata?.labels).toEqual(
      deployment.metadata?.labels,
    );
    expect(pod.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 10001,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    const [container] = pod.containers;
    expect(container).toMatchObject({
      name: 'orders',
      image: 'ghcr.io/acme/orders:1.0.0',
      ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
      readinessProbe: { httpGet: { path: '/', port: 'http' } },
      livenessProbe: { httpGet: { path: '/', port: 'http' } },
      resources: DEFAULT_CONTAINER_RESOURCES,
      securityContext: {
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
      },
      volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
    });
    expect(container.env).toBeUndefined();
    expect(pod.volumes).toEqual([{ name: 'tmp', emptyDir: {} }]);
    expect(DEFAULT_PROBE_PATH).toBe('/');
  });

  it.each([
    ['the default probe path', {}, '/'],
    ['a given probe path', { probePath: '/healthz' }, '/healthz'],
  ])('uses %s', (_case, options, path) => {
    const [container] = buildDeployment(exampleRequest(), options).spec!
      .template.spec!.containers;
    expect(container.readinessProbe?.httpGet?.path).toBe(path);
    expect(container.livenessProbe?.httpGet?.path).toBe(path);
  });

  it('uses given resources', () => {
    const resources = {
      requests: { cpu: '250m', memory: '128Mi' },
      limits: { cpu: '1', memory: '512Mi' },
    };
    const [container] = buildDeployment(exampleRequest(), { resources }).spec!
      .template.spec!.containers;
    expect(container.resources).toEqual(resources);
  });

  it('omits part-of without a system', () => {
    const deployment = buildDeployment(exampleRequest({ system: undefined }));
    expect(deployment.metadata?.labels).not.toHaveProperty(
      'app.kubernetes.io/part-of',
    );
  });

  it('refuses an object the schema rejects', () => {
    expect(() =>
      buildDeployment(exampleRequest({ port: 'http' as unknown as number })),
    ).toThrow(/^Deployment orders is not valid: /);
  });
});
