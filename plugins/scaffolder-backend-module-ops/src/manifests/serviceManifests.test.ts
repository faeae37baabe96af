import { parseAllDocuments } from 'yaml';
import { checkPolicies, KubernetesObject } from '../policies';
import { exampleRequest, exampleSettings } from './__fixtures__/serviceRequest';
import { buildServiceManifestFiles } from './serviceManifests';
import { ServiceManifestSettings } from './settings';
import { renderManifestFile } from './yaml';
import { ServiceRequest } from '@internal/plugin-ops-common';

const EXTERNAL = exampleSettings({
  oidc: {
    issuerUrl: 'http://keycloak.iam/realms/platform',
    secretDelivery: 'external-secret',
    externalSecretStore: 'vault',
  },
});

const SERVICE_FILES = [
  'services/orders/deployment.yaml',
  'services/orders/service.yaml',
  'services/orders/hpa.yaml',
  'services/orders/ingress.yaml',
  'services/orders/kong-plugins.yaml',
  'services/orders/istio.yaml',
];

type Case = [
  string,
  Partial<ServiceRequest>,
  ServiceManifestSettings,
  { files: string[]; plugins: string; host?: string; metrics: number },
];

describe('buildServiceManifestFiles', () => {
  it.each<Case>([
    [
      'oidc, log shipping, memory target, no host',
      {},
      exampleSettings(),
      {
        files: [...SERVICE_FILES, 'apps/orders.yaml'],
        plugins: 'oidc-orders,rl-orders,prometheus-orders,tcp-log-orders',
        metrics: 2,
      },
    ],
    [
      'no auth, no log shipping, CPU target only, a host',
      {
        auth: 'none',
        logShipping: false,
        autoscaling: { minReplicas: 1, maxReplicas: 2, cpuTargetPercent: 60 },
      },
      exampleSettings({ routeHost: 'api.example.com' }),
      {
        files: [...SERVICE_FILES, 'apps/orders.yaml'],
        plugins: 'rl-orders,prometheus-orders',
        host: 'api.example.com',
        metrics: 1,
      },
    ],
    [
      'oidc with an external secret',
      { logShipping: false },
      EXTERNAL,
      {
        files: [
          ...SERVICE_FILES,
          'services/orders/external-secret.yaml',
          'apps/orders.yaml',
        ],
        plugins: 'oidc-orders,rl-orders,prometheus-orders',
        metrics: 2,
      },
    ],
    [
      'no auth with external-secret delivery (no secret to deliver)',
      { auth: 'none' },
      EXTERNAL,
      {
        files: [...SERVICE_FILES, 'apps/orders.yaml'],
        plugins: 'rl-orders,prometheus-orders,tcp-log-orders',
        metrics: 2,
      },
    ],
  ])('%s', (_case, overrides, settings, expected) => {
    const files = buildServiceManifestFiles(
      exampleRequest(overrides),
      settings,
    );
    expect(files.map(f => f.path)).toEqual(expected.files);

    const objects = files.flatMap(f =>
      f.documents.map(d => d.object),
    ) as KubernetesObject[];
    const ingress = objects.find(o => o.kind === 'Ingress') as any;
    expect(ingress.metadata.annotations['konghq.com/plugins']).toBe(
      expected.plugins,
    );
    expect(ingress.spec.rules[0].host).toBe(expected.host);
    const plugins = objects.filter(o => o.kind === 'KongPlugin');
    expect(plugins.map(p => p.metadata?.name).join(',')).toBe(expected.plugins);
    const hpa = objects.find(o => o.kind === 'HorizontalPodAutoscaler') as any;
    expect(hpa.spec.metrics).toHaveLength(expected.metrics);

    for (const object of objects) {
      expect(
        (object.metadata as any).labels['backstage.io/kubernetes-id'],
      ).toBe('orders');
      expect(object.metadata?.namespace).toBe(
        object.kind === 'Application' ? 'argocd' : 'orders',
      );
    }
    expect(
      checkPolicies(objects, {
        allowedImageRegistries: settings.allowedImageRegistries,
      }),
    ).toEqual([]);

    for (const file of files) {
      const text = renderManifestFile(file);
      expect(text).toMatch(
        /^# .*Rendered by the ops portal's new-service template\./m,
      );
      expect(text).toBe(renderManifestFile(file));
      expect(parseAllDocuments(text).map((d: any) => d.toJS())).toEqual(
        file.documents.map(d => d.object),
      );
    }
  });

  it('writes the oidc secret reference but never a secret value', () => {
    const text = buildServiceManifestFiles(exampleRequest(), EXTERNAL)
      .map(renderManifestFile)
      .join('\n');
    expect(text).toContain('path: /client_secret');
    expect(text).not.toMatch(/client_secret:/);
  });

  it('refuses oidc when Keycloak is not configured', () => {
    expect(() =>
      buildServiceManifestFiles(
        exampleRequest(),
        exampleSettings({ oidc: undefined }),
      ),
    ).toThrow(
      "Authentication 'oidc' needs opsPortal.keycloak in the app config",
    );
  });

  it('indents sequences the way the demo GitOps manifests do', () => {
    const [deployment] = buildServiceManifestFiles(
      exampleRequest({ auth: 'none' }),
      exampleSettings(),
    );
    expect(renderManifestFile(deployment)).toContain(
      [
        '          securityContext:',
        '            allowPrivilegeEscalation: false',
        '            readOnlyRootFilesystem: true',
        '            capabilities:',
        '              drop:',
        '                - ALL',
      ].join('\n'),
    );
  });
});
