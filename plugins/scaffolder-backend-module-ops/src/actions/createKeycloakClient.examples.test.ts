import { ConfigReader } from '@backstage/config';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import yaml from 'yaml';
import { createKeycloakClientAction } from './createKeycloakClient';
import { examples } from './createKeycloakClient.examples';

const action = createKeycloakClientAction({
  config: new ConfigReader({
    opsPortal: {
      keycloak: {
        baseUrl: 'http://keycloak.test',
        realm: 'services',
        clientId: 'ops-portal-admin',
        clientSecret: 'admin-secret',
      },
      scaffolder: {
        cluster: 'sandbox',
        argocdInstance: 'sandbox',
        allowedImageRegistries: [],
      },
    },
    kubernetes: {
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: [
            {
              name: 'sandbox',
              url: 'http://k8s.test',
              serviceAccountToken: 't',
              skipTLSVerify: true,
            },
          ],
        },
      ],
    },
  }),
});

const steps = examples.map(e => yaml.parse(e.example).steps[0]);

describe('keycloak:client:create examples', () => {
  it.each(steps.map((s, i) => [i, s]))(
    'example %i uses only declared inputs',
    (_i, step) => {
      const schema = action.schema?.input as {
        properties: object;
        required: string[];
      };
      expect(step.action).toBe(action.id);
      expect(Object.keys(schema.properties)).toEqual(
        expect.arrayContaining(Object.keys(step.input)),
      );
      expect(Object.keys(step.input)).toEqual(
        expect.arrayContaining(schema.required),
      );
    },
  );

  it('runs the literal example as a dry run', async () => {
    const literal = steps.find(s => !JSON.stringify(s.input).includes('${{'));
    const ctx = {
      ...createMockActionContext({ input: literal.input }),
      isDryRun: true,
    };
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('secretRef', {
      namespace: 'payments',
      name: 'payments-oidc-client',
    });
  });
});
