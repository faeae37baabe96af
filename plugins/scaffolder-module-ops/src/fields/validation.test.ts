import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { createFieldValidation } from '@backstage/plugin-scaffolder-react/alpha';
import { TestApiRegistry } from '@backstage/test-utils';
import { component } from '../__testUtils__/renderStepper';
import {
  AUTOSCALING_INVALID_MESSAGE,
  AutoscalingValue,
  autoscalingErrors,
  validateAutoscaling,
  validateContainerImage,
  validateContainerPort,
  validateNamespace,
  validateRateLimit,
  validateRoutePath,
  validateServiceName,
} from './validation';

const DNS_LABEL_MESSAGE =
  "must be a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit";

function context(catalogApi?: typeof catalogApiRef.T) {
  return {
    apiHolder: catalogApi
      ? TestApiRegistry.from([catalogApiRef, catalogApi])
      : TestApiRegistry.from(),
    formData: {},
    schema: {},
  };
}

async function errorsOf<T>(
  validator: (value: T, field: any, ctx: any) => void | Promise<void>,
  value: T,
  catalogApi?: typeof catalogApiRef.T,
) {
  const field = createFieldValidation();
  await validator(value, field, context(catalogApi));
  return field.__errors;
}

describe('validateServiceName', () => {
  const catalogApi = catalogApiMock({ entities: [component('payments')] });

  it.each([
    ['Payments', [`Service name ${DNS_LABEL_MESSAGE}`]],
    ['pay_ments', [`Service name ${DNS_LABEL_MESSAGE}`]],
    ['-payments', [`Service name ${DNS_LABEL_MESSAGE}`]],
    ['a'.repeat(41), ['Service name must be at most 40 characters']],
    ['', ['Service name is required']],
    [
      'payments',
      ['A component named "payments" already exists in the catalog'],
    ],
    ['a'.repeat(40), []],
    ['orders-v2', []],
  ])('%j gives %j', async (value, expected) => {
    expect(await errorsOf(validateServiceName, value, catalogApi)).toEqual(
      expected,
    );
  });

  it('asks the catalog for component:default/<name>', async () => {
    const mock = catalogApiMock.mock({
      getEntityByRef: jest.fn(async () => undefined),
    });
    await errorsOf(validateServiceName, 'orders', mock);
    expect(mock.getEntityByRef).toHaveBeenCalledWith({
      kind: 'Component',
      namespace: 'default',
      name: 'orders',
    });
  });

  it('does not ask the catalog about a malformed name', async () => {
    const mock = catalogApiMock.mock({ getEntityByRef: jest.fn() });
    await errorsOf(validateServiceName, 'Orders', mock);
    expect(mock.getEntityByRef).not.toHaveBeenCalled();
  });

  it('says so when the catalog cannot be asked', async () => {
    const mock = catalogApiMock.mock({
      getEntityByRef: jest.fn(async () => {
        throw new Error('Request failed with 503 Service Unavailable');
      }),
    });
    expect(await errorsOf(validateServiceName, 'orders', mock)).toEqual([
      'Could not check whether a component named "orders" exists: Request failed with 503 Service Unavailable',
    ]);
    expect(await errorsOf(validateServiceName, 'orders')).toEqual([
      'Could not check whether a component named "orders" exists: the catalog is not available',
    ]);
  });
});

describe('single-rule validators', () => {
  it.each([
    [
      'namespace',
      validateNamespace,
      'default',
      ["Namespace must not be 'default': every service gets its own namespace"],
    ],
    [
      'namespace',
      validateNamespace,
      'Team_A',
      [`Namespace ${DNS_LABEL_MESSAGE}`],
    ],
    ['namespace', validateNamespace, 'payments', []],
    [
      'image',
      validateContainerImage,
      'Nginx:latest',
      [
        'Container image must be an image reference such as registry.example.com/team/app:1.2.3',
      ],
    ],
    ['image', validateContainerImage, '', ['Container image is required']],
    ['image', validateContainerImage, 'ghcr.io/acme/payments:1.4.0', []],
    [
      'port',
      validateContainerPort,
      0,
      ['Container port must be between 1 and 65535'],
    ],
    [
      'port',
      validateContainerPort,
      65536,
      ['Container port must be between 1 and 65535'],
    ],
    [
      'port',
      validateContainerPort,
      8080.5,
      ['Container port must be a whole number'],
    ],
    ['port', validateContainerPort, 8080, []],
    [
      'rate limit',
      validateRateLimit,
      -5,
      ['Rate limit must be at least 1 request per second'],
    ],
    [
      'rate limit',
      validateRateLimit,
      0,
      ['Rate limit must be at least 1 request per second'],
    ],
    [
      'rate limit',
      validateRateLimit,
      100001,
      ['Rate limit must be at most 100000 requests per second'],
    ],
    ['rate limit', validateRateLimit, 100, []],
    [
      'route path',
      validateRoutePath,
      'api/payments',
      ["Route path must start with '/'"],
    ],
    [
      'route path',
      validateRoutePath,
      '/api/payments/',
      ["Route path must not contain '//' or end with '/'"],
    ],
    ['route path', validateRoutePath, '/api/payments', []],
  ] as const)('%s %j gives %j', async (_rule, validator, value, expected) => {
    expect(await errorsOf(validator as any, value)).toEqual(expected);
  });

  it('leaves a missing value to the JSON schema', async () => {
    expect(await errorsOf(validateRateLimit, undefined)).toEqual([]);
    expect(await errorsOf(validateRoutePath, undefined)).toEqual([]);
  });
});

describe('validateAutoscaling', () => {
  const valid = { minReplicas: 2, maxReplicas: 5, cpuTargetPercent: 70 };

  it.each<[string, AutoscalingValue, Record<string, string>]>([
    [
      'min > max',
      { ...valid, minReplicas: 6, maxReplicas: 3 },
      {
        maxReplicas:
          'Minimum replicas must not be greater than maximum replicas',
      },
    ],
    [
      'CPU 0',
      { ...valid, cpuTargetPercent: 0 },
      { cpuTargetPercent: 'CPU target must be between 1 and 100 %' },
    ],
    [
      'CPU 101',
      { ...valid, cpuTargetPercent: 101 },
      { cpuTargetPercent: 'CPU target must be between 1 and 100 %' },
    ],
    [
      'memory 0',
      { ...valid, memoryTargetPercent: 0 },
      { memoryTargetPercent: 'Memory target must be between 1 and 100 %' },
    ],
    [
      'min 0',
      { ...valid, minReplicas: 0 },
      { minReplicas: 'Minimum replicas must be at least 1' },
    ],
    [
      'max missing',
      { minReplicas: 2, cpuTargetPercent: 70 },
      { maxReplicas: 'Maximum replicas is required' },
    ],
    [
      'fractional min',
      { ...valid, minReplicas: 1.5 },
      { minReplicas: 'Minimum replicas must be a whole number' },
    ],
    ['min = max', { ...valid, minReplicas: 3, maxReplicas: 3 }, {}],
    ['with memory', { ...valid, memoryTargetPercent: 80 }, {}],
  ])('%s', (_case, value, expected) => {
    expect(autoscalingErrors(value)).toEqual(expected);

    const field = createFieldValidation() as any;
    validateAutoscaling(value, field, context());
    for (const [key, message] of Object.entries(expected)) {
      expect(field[key].__errors).toEqual([message]);
    }
    expect(field.__errors).toEqual(
      Object.keys(expected).length ? [AUTOSCALING_INVALID_MESSAGE] : [],
    );
  });
});
