import { serviceRequestSchema } from '@internal/plugin-ops-common';
import yaml from 'yaml';
import { examples } from './renderServiceManifests.examples';

describe('ops:service:render examples', () => {
  const steps = examples.map(example => yaml.parse(example.example).steps[0]);

  it('use the action', () => {
    expect(steps.map(step => step.action)).toEqual([
      'ops:service:render',
      'ops:service:render',
    ]);
  });

  it('give a literal input that parses as a service request', () => {
    const { targetPath, ...request } = steps[0].input;
    expect(targetPath).toBe('gitops');
    expect(serviceRequestSchema.safeParse(request)).toMatchObject({
      success: true,
    });
  });

  it('give a template input with every required field', () => {
    const required = Object.entries(serviceRequestSchema.shape)
      .filter(([, schema]) => !schema.isOptional())
      .map(([key]) => key);
    expect(Object.keys(steps[1].input)).toEqual(
      expect.arrayContaining(required),
    );
  });
});
