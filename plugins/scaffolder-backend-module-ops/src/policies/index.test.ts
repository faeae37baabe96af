import { checkPolicies, SERVICE_POLICY_RULES } from '.';
import { KubernetesObject } from './types';

describe('checkPolicies', () => {
  it('has one rule per platform policy', () => {
    expect(SERVICE_POLICY_RULES.map(rule => rule.id)).toEqual([
      'require-run-as-non-root',
      'require-probes',
      'disallow-default-namespace',
      'disallow-platform-namespaces',
      'image-registry-allowlist',
      'disallow-secrets-in-env',
      'require-requests-limits',
    ]);
  });

  it('reports every rule an object breaks, in object then rule order', () => {
    const bad: KubernetesObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'bad', namespace: 'default' },
      spec: {
        template: {
          spec: {
            containers: [
              {
                name: 'app',
                image: 'docker.io/evil/x:1',
                env: [{ name: 'API_KEY', value: 'k' }],
              },
            ],
          },
        },
      },
    };
    const alsoBad: KubernetesObject = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 's' },
    };
    const violations = checkPolicies([bad, alsoBad], {
      allowedImageRegistries: ['ghcr.io/acme/'],
      deniedNamespaces: ['default'],
    });
    expect(violations.map(v => `${v.object} ${v.rule}`)).toEqual([
      'Deployment/bad require-run-as-non-root',
      'Deployment/bad require-probes',
      'Deployment/bad require-probes',
      'Deployment/bad disallow-default-namespace',
      'Deployment/bad disallow-platform-namespaces',
      'Deployment/bad image-registry-allowlist',
      'Deployment/bad disallow-secrets-in-env',
      'Deployment/bad require-requests-limits',
      'Service/s disallow-default-namespace',
    ]);
    expect(
      violations.every(v => v.message.startsWith(`policy ${v.rule}: `)),
    ).toBe(true);
  });
});
