import { Entity } from '@backstage/catalog-model';
import { opsKubernetesTarget } from './kubernetesTarget';
import { invalidAnnotation, missingAnnotation } from './notConfigured';

function resolved(annotations: Record<string, string>) {
  const entity: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'driver', annotations },
  };
  return {
    ref: { kind: 'component', namespace: 'default', name: 'driver' },
    entityRef: 'component:default/driver',
    entity,
  };
}

const RULE =
  "it must be a DNS-1123 label (lowercase letters, digits and '-', at most 63)";

describe('opsKubernetesTarget', () => {
  it.each<[string, Record<string, string>, unknown]>([
    [
      'kubernetes-id and namespace',
      {
        'backstage.io/kubernetes-id': 'driver',
        'backstage.io/kubernetes-namespace': 'apps',
      },
      { kubernetesId: 'driver', namespace: 'apps' },
    ],
    [
      'namespace defaults to default',
      { 'backstage.io/kubernetes-id': 'driver' },
      { kubernetesId: 'driver', namespace: 'default' },
    ],
    [
      'no kubernetes-id',
      {},
      {
        missingAnnotation: 'backstage.io/kubernetes-id',
        message:
          'component:default/driver has no backstage.io/kubernetes-id annotation: the card reads its pods',
      },
    ],
    [
      'invalid kubernetes-id',
      { 'backstage.io/kubernetes-id': '../x' },
      {
        missingAnnotation: 'backstage.io/kubernetes-id',
        message: `component:default/driver has an invalid backstage.io/kubernetes-id annotation '../x': ${RULE}`,
      },
    ],
    [
      'invalid namespace',
      {
        'backstage.io/kubernetes-id': 'driver',
        'backstage.io/kubernetes-namespace': 'Apps',
      },
      {
        missingAnnotation: 'backstage.io/kubernetes-namespace',
        message: `component:default/driver has an invalid backstage.io/kubernetes-namespace annotation 'Apps': ${RULE}`,
      },
    ],
  ])('%s', (_, annotations, expected) => {
    expect(
      opsKubernetesTarget(resolved(annotations), 'the card reads its pods'),
    ).toEqual(expected);
  });
});

describe('not-configured answers', () => {
  it('names the missing annotation and what it is for', () => {
    expect(missingAnnotation('component:default/a', 'x/y', 'why')).toEqual({
      missingAnnotation: 'x/y',
      message: 'component:default/a has no x/y annotation: why',
    });
  });

  it('cuts a long invalid value at 300 characters', () => {
    const body = invalidAnnotation('c:d/a', 'x/y', 'v'.repeat(1000), 'rule');
    expect(body.missingAnnotation).toBe('x/y');
    expect(body.message).toBe(
      `c:d/a has an invalid x/y annotation '${'v'.repeat(300)}': rule`,
    );
  });
});
