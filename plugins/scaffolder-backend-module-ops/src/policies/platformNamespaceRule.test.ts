import { disallowPlatformNamespaces } from './platformNamespaceRule';
import { KubernetesObject, PolicyContext } from './types';
import { DEFAULT_DENIED_NAMESPACES } from '../manifests/settings';

const context: PolicyContext = {
  allowedImageRegistries: [],
  deniedNamespaces: [...DEFAULT_DENIED_NAMESPACES],
};
const object = (
  kind: string,
  namespace?: string,
  spec?: unknown,
): KubernetesObject => ({
  apiVersion: 'v1',
  kind,
  metadata: { name: 'x', ...(namespace ? { namespace } : {}) },
  ...(spec ? { spec } : {}),
});
const application = (destination: string) =>
  object('Application', 'argocd', { destination: { namespace: destination } });

describe('disallow-platform-namespaces', () => {
  it.each<[string, KubernetesObject]>([
    ['a Deployment in its own namespace', object('Deployment', 'payments')],
    ['a KongPlugin in its own namespace', object('KongPlugin', 'payments')],
    [
      'a namespace that only starts like a platform one',
      object('Service', 'kong-payments'),
    ],
    ['a cluster-scoped object', object('Namespace')],
    [
      "an Application in Argo CD's namespace deploying into its own",
      application('payments'),
    ],
  ])('passes %s', (_case, value) => {
    expect(disallowPlatformNamespaces.check(value, context)).toEqual([]);
  });

  it.each<[string, KubernetesObject, string]>([
    ['kube-system', object('Deployment', 'kube-system'), 'Deployment/x is in'],
    ['kube-public', object('Service', 'kube-public'), 'Service/x is in'],
    [
      'kube-node-lease',
      object('Ingress', 'kube-node-lease'),
      'Ingress/x is in',
    ],
    ['default', object('Service', 'default'), 'Service/x is in'],
    ['argocd', object('Deployment', 'argocd'), 'Deployment/x is in'],
    [
      'istio-system',
      object('VirtualService', 'istio-system'),
      'VirtualService/x is in',
    ],
    ['kong', object('KongPlugin', 'kong'), 'KongPlugin/x is in'],
    ['keycloak', object('Secret', 'keycloak'), 'Secret/x is in'],
    ['logging', object('Deployment', 'logging'), 'Deployment/x is in'],
    [
      'an Application into kube-system',
      application('kube-system'),
      'Application/x deploys into',
    ],
    [
      'an Application into argocd',
      application('argocd'),
      'Application/x deploys into',
    ],
  ])('fails %s', (_case, value, start) => {
    const namespace =
      value.kind === 'Application'
        ? (value.spec as any).destination.namespace
        : value.metadata!.namespace;
    expect(disallowPlatformNamespaces.check(value, context)).toEqual([
      {
        rule: 'disallow-platform-namespaces',
        object: `${value.kind}/x`,
        message: `policy disallow-platform-namespaces: ${start} '${namespace}', a platform namespace; choose the service's own namespace`,
      },
    ]);
  });

  it('follows the configured list', () => {
    const configured = {
      allowedImageRegistries: [],
      deniedNamespaces: ['platform'],
    };
    expect(
      disallowPlatformNamespaces.check(
        object('Service', 'platform'),
        configured,
      ),
    ).toHaveLength(1);
    expect(
      disallowPlatformNamespaces.check(object('Service', 'kong'), configured),
    ).toEqual([]);
  });
});
