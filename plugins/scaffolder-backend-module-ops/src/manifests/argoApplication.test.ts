import { exampleRequest } from './__fixtures__/serviceRequest';
import {
  applicationFile,
  buildArgoApplication,
  serviceDirectory,
} from './argoApplication';

describe('buildArgoApplication', () => {
  it.each([
    [
      'the default project on main',
      {
        project: 'default',
        repoUrl: 'http://127.0.0.1:7173/gitops.git',
        branch: 'main',
      },
    ],
    [
      'a project on another branch',
      {
        project: 'services',
        repoUrl: 'https://git.example.com/gitops.git',
        branch: 'deploy',
      },
    ],
  ])('syncs services/<name> from %s', (_case, options) => {
    expect(buildArgoApplication(exampleRequest(), options)).toEqual({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: {
        name: 'orders',
        namespace: 'argocd',
        labels: {
          'backstage-name': 'orders',
          'backstage.io/kubernetes-id': 'orders',
        },
        annotations: { 'ops-portal/owner': 'group:default/team-orders' },
        finalizers: ['resources-finalizer.argocd.argoproj.io'],
      },
      spec: {
        project: options.project,
        source: {
          repoURL: options.repoUrl,
          path: 'services/orders',
          targetRevision: options.branch,
        },
        destination: {
          server: 'https://kubernetes.default.svc',
          namespace: 'orders',
        },
        syncPolicy: {
          automated: { selfHeal: true, prune: true },
          syncOptions: ['CreateNamespace=true'],
          managedNamespaceMetadata: {
            annotations: { 'ops-portal/owner': 'group:default/team-orders' },
          },
        },
      },
    });
  });

  it.each([
    [
      'a full group ref',
      'group:default/team-drivers',
      'group:default/team-drivers',
    ],
    ['a short group name', 'team-drivers', 'group:default/team-drivers'],
    ['a user', 'user:default/jane', 'user:default/jane'],
  ])(
    'binds the owner (%s) to the Application and its namespace',
    (_case, owner, ref) => {
      const app = buildArgoApplication(exampleRequest({ owner }), {
        project: 'services',
        repoUrl: 'https://git.example.com/gitops.git',
        branch: 'main',
      });
      expect(app.metadata?.annotations).toEqual({ 'ops-portal/owner': ref });
      expect(app.spec.syncPolicy?.managedNamespaceMetadata).toEqual({
        annotations: { 'ops-portal/owner': ref },
      });
      expect(app.spec.syncPolicy?.syncOptions).toContain(
        'CreateNamespace=true',
      );
    },
  );

  it('names the GitOps paths', () => {
    expect(serviceDirectory('orders')).toBe('services/orders');
    expect(applicationFile('orders')).toBe('apps/orders.yaml');
  });
});
