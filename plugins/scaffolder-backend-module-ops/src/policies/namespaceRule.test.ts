import { disallowDefaultNamespace } from './namespaceRule';
import { KubernetesObject } from './types';

const context = { allowedImageRegistries: [] };
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

describe('disallow-default-namespace', () => {
  it.each<[string, KubernetesObject]>([
    ['a Deployment in its namespace', object('Deployment', 'team')],
    ['a KongPlugin in its namespace', object('KongPlugin', 'team')],
    ['a cluster-scoped object', object('Namespace')],
    ['a KongClusterPlugin', object('KongClusterPlugin')],
    [
      'an Application deploying into a namespace',
      object('Application', 'argocd', { destination: { namespace: 'team' } }),
    ],
  ])('passes %s', (_case, value) => {
    expect(disallowDefaultNamespace.check(value, context)).toEqual([]);
  });

  it.each<[string, KubernetesObject, string]>([
    [
      'an object in default',
      object('Service', 'default'),
      "Service/x is in the 'default' namespace",
    ],
    [
      'a namespaced object without namespace',
      object('Ingress'),
      "Ingress/x has no namespace and would land in 'default'",
    ],
    [
      'an Application deploying into default',
      object('Application', 'argocd', {
        destination: { namespace: 'default' },
      }),
      "Application/x deploys into the 'default' namespace",
    ],
  ])('fails %s', (_case, value, detail) => {
    expect(disallowDefaultNamespace.check(value, context)).toEqual([
      {
        rule: 'disallow-default-namespace',
        object: `${value.kind}/x`,
        message: `policy disallow-default-namespace: ${detail}`,
      },
    ]);
  });
});
