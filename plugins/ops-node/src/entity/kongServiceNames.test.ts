import { opsKongServiceNames } from './kongServiceNames';

function resolved(annotations: Record<string, string>) {
  return {
    ref: { kind: 'component', namespace: 'default', name: 'driver' },
    entityRef: 'component:default/driver',
    entity: {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'driver', annotations },
    },
  };
}

describe('opsKongServiceNames', () => {
  it.each<[Record<string, string>, unknown]>([
    [{}, []],
    [{ 'ops-portal/kong-service': ' a , b.c ' }, ['a', 'b.c']],
    [
      { 'ops-portal/kong-service': 'good, .., ../admin' },
      {
        missingAnnotation: 'ops-portal/kong-service',
        message: expect.stringContaining(
          "has an invalid ops-portal/kong-service annotation '.., ../admin': each name must be a Kong service name",
        ),
      },
    ],
  ])('%j', (annotations, expected) => {
    expect(opsKongServiceNames(resolved(annotations))).toEqual(expected);
  });
});
