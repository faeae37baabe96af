import { applyApiDefaults } from './apiDefaults';
import { KubeObject, ResourceType } from './types';

const deploymentType: ResourceType = {
  group: 'apps',
  version: 'v1',
  kind: 'Deployment',
  plural: 'deployments',
  namespaced: true,
};

describe('applyApiDefaults', () => {
  it.each<[string, any, any]>([
    [
      'fills an unset Deployment strategy like the API server',
      { template: {} },
      {
        replicas: 1,
        revisionHistoryLimit: 10,
        progressDeadlineSeconds: 600,
        strategy: {
          type: 'RollingUpdate',
          rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' },
        },
        template: {},
      },
    ],
    [
      'keeps what the manifest sets',
      { replicas: 3, strategy: { type: 'Recreate' }, template: {} },
      {
        replicas: 3,
        revisionHistoryLimit: 10,
        progressDeadlineSeconds: 600,
        strategy: { type: 'Recreate' },
        template: {},
      },
    ],
  ])('%s', (_case, spec, expected) => {
    const object: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'driver' },
      spec,
    };
    applyApiDefaults(deploymentType, object);
    expect(object.spec).toEqual(expected);
  });
});
