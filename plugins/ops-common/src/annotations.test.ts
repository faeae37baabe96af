import { Entity } from '@backstage/catalog-model';
import {
  isArgoCdAvailable,
  isOpsNotConfigured,
  kubernetesTargetForEntity,
  ownerEntityRef,
  parseKongServiceAnnotation,
} from './annotations';

function entity(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'svc', annotations },
  };
}

describe('kubernetesTargetForEntity', () => {
  it.each<
    [
      string,
      Record<string, string>,
      ReturnType<typeof kubernetesTargetForEntity>,
    ]
  >([
    [
      'id and namespace',
      {
        'backstage.io/kubernetes-id': 'driver',
        'backstage.io/kubernetes-namespace': 'driver',
      },
      { kubernetesId: 'driver', namespace: 'driver' },
    ],
    [
      'namespace defaults',
      { 'backstage.io/kubernetes-id': 'driver' },
      { kubernetesId: 'driver', namespace: 'default' },
    ],
    ['no id', {}, undefined],
    ['uppercase id', { 'backstage.io/kubernetes-id': 'Driver' }, undefined],
    [
      'selector injection in id',
      { 'backstage.io/kubernetes-id': 'driver,app!=x' },
      undefined,
    ],
    [
      'bad namespace',
      {
        'backstage.io/kubernetes-id': 'driver',
        'backstage.io/kubernetes-namespace': 'a/b',
      },
      undefined,
    ],
    [
      'too long id',
      { 'backstage.io/kubernetes-id': 'a'.repeat(64) },
      undefined,
    ],
  ])('%s', (_case, annotations, expected) => {
    expect(kubernetesTargetForEntity(entity(annotations))).toEqual(expected);
  });
});

describe('isArgoCdAvailable', () => {
  it('reads argocd/app-name', () => {
    expect(isArgoCdAvailable(entity({ 'argocd/app-name': 'driver' }))).toBe(
      true,
    );
    expect(isArgoCdAvailable(entity({}))).toBe(false);
  });
});

describe('parseKongServiceAnnotation', () => {
  it.each([
    [undefined, [], []],
    ['', [], []],
    ['a', ['a'], []],
    [' a , b.c ,, ', ['a', 'b.c'], []],
    [' a, b ,,a ', ['a', 'b'], []],
    ['good, .., ../admin', ['good'], ['..', '../admin']],
  ])('%j', (value, names, invalid) => {
    expect(parseKongServiceAnnotation(value)).toEqual({ names, invalid });
  });
});

describe('isOpsNotConfigured', () => {
  it.each([
    [{ missingAnnotation: 'backstage.io/kubernetes-id', message: 'm' }, true],
    [{ routes: [] }, false],
    [{ missingAnnotation: 1 }, false],
    [null, false],
  ])('%j → %s', (value, expected) => {
    expect(isOpsNotConfigured(value)).toBe(expected);
  });
});

describe('ownerEntityRef', () => {
  it.each([
    ['team-a', 'default', 'group:default/team-a'],
    ['team-a', 'payments', 'group:payments/team-a'],
    ['group:team-a', 'default', 'group:default/team-a'],
    ['Group:Default/Team-A', 'default', 'group:default/team-a'],
    ['user:default/jane', 'default', 'user:default/jane'],
    ['  team-a ', 'default', 'group:default/team-a'],
    ['', 'default', undefined],
    [undefined, 'default', undefined],
    [42, 'default', undefined],
    ['group:default/', 'default', undefined],
  ])('%j in %s → %s', (owner, namespace, expected) => {
    expect(ownerEntityRef(owner, namespace)).toBe(expected);
  });
});
