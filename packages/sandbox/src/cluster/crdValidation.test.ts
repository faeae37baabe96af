import { BUILTIN_CUSTOM_RESOURCE_TYPES } from './builtinResourceTypes';
import {
  CRD_KINDS,
  goDurationNanos,
  pruneWarnings,
  unimplementedRules,
  validateCustomResource,
} from './crdValidation';
import { InvalidError, KubeObject } from './types';

const destinationRuleType = BUILTIN_CUSTOM_RESOURCE_TYPES.find(
  t => t.kind === 'DestinationRule',
)!;

const destinationRule = (spec: unknown): KubeObject => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'DestinationRule',
  metadata: { name: 'shop', namespace: 'shop' },
  spec,
});

describe('the released CRD schemas of the sandbox', () => {
  it('cover every custom resource the sandbox serves, with its scope and subresources', () => {
    for (const type of BUILTIN_CUSTOM_RESOURCE_TYPES) {
      const crd = CRD_KINDS.find(
        k => k.group === type.group && k.kind === type.kind,
      );
      expect({
        kind: type.kind,
        crd: crd && {
          version: crd.version,
          plural: crd.plural,
          namespaced: crd.namespaced,
          statusSubresource: crd.statusSubresource,
        },
      }).toEqual({
        kind: type.kind,
        crd: {
          version: type.version,
          plural: type.plural,
          namespaced: type.namespaced,
          statusSubresource: type.statusSubresource !== false,
        },
      });
    }
  });

  it('implements every CEL rule they carry', () => {
    expect(unimplementedRules()).toEqual([]);
  });
});

describe('goDurationNanos', () => {
  it.each<[string, number | undefined]>([
    ['1ms', 1e6],
    ['1.5s', 1.5e9],
    ['2m30s', 150e9],
    ['1h', 3600e9],
    ['0', 0],
    ['0.5ms', 5e5],
    ['10', undefined],
    ['soon', undefined],
    ['1 s', undefined],
  ])('%s', (value, nanos) => {
    expect(goDurationNanos(value)).toBe(nanos);
  });
});

describe('validateCustomResource', () => {
  it('prunes, defaults nothing it does not know and reports the warnings', () => {
    const object = destinationRule({ host: 'shop', colour: 'blue' });
    expect(pruneWarnings(destinationRuleType, object)).toEqual([
      'unknown field "spec.colour"',
    ]);
    expect(validateCustomResource(destinationRuleType, object)).toEqual([
      'unknown field "spec.colour"',
    ]);
    expect(object.spec).toEqual({ host: 'shop' });
  });

  it('lets an update keep a value an older schema allowed (ratcheting), not introduce one', () => {
    const stored = destinationRule({
      host: 'shop',
      trafficPolicy: { loadBalancer: { simple: 'LEGACY' } },
    });
    const relabelled = {
      ...structuredClone(stored),
      metadata: { ...stored.metadata, labels: { team: 'a' } },
    };
    expect(() =>
      validateCustomResource(destinationRuleType, relabelled, stored),
    ).not.toThrow();
    const changed = destinationRule({
      host: 'shop',
      trafficPolicy: { loadBalancer: { simple: 'OTHER' } },
    });
    expect(() =>
      validateCustomResource(destinationRuleType, changed, stored),
    ).toThrow(InvalidError);
  });

  const withMinimumPercent = (value: number) =>
    destinationRule({
      host: 'shop',
      trafficPolicy: {
        loadBalancer: { warmup: { duration: '30s', minimumPercent: value } },
      },
    });
  const causesOf = (object: KubeObject) => {
    try {
      validateCustomResource(destinationRuleType, object);
      return [];
    } catch (error) {
      return (error as InvalidError).causes ?? [];
    }
  };

  it.each([0, 100])('accepts warmup.minimumPercent %d (0 to 100)', value => {
    expect(causesOf(withMinimumPercent(value))).toEqual([]);
  });

  it.each([
    [-1, 'should be greater than or equal to 0'],
    [101, 'should be less than or equal to 100'],
  ])('refuses warmup.minimumPercent %d: %s', (value, message) => {
    const field = 'spec.trafficPolicy.loadBalancer.warmup.minimumPercent';
    expect(causesOf(withMinimumPercent(value))).toEqual([
      {
        reason: 'FieldValueInvalid',
        field,
        message: `Invalid value: ${value}: ${field} in body ${message}`,
      },
    ]);
  });

  it('leaves kinds without a released schema alone', () => {
    const object: KubeObject = {
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'w' },
      spec: { anything: true },
    };
    expect(
      validateCustomResource(
        {
          group: 'example.com',
          version: 'v1',
          kind: 'Widget',
          plural: 'widgets',
          namespaced: true,
        },
        object,
      ),
    ).toEqual([]);
    expect(object.spec).toEqual({ anything: true });
  });
});
