import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import yaml from 'yaml';
import { createArgoCdApplicationAction } from './createArgoCdApplication';
import { examples } from './createArgoCdApplication.examples';

const action = createArgoCdApplicationAction({
  config: new ConfigReader({
    opsPortal: {
      scaffolder: {
        argocdInstance: 'prod',
        cluster: 'prod',
        allowedImageRegistries: [],
      },
    },
    argocd: {
      appLocatorMethods: [
        {
          type: 'config',
          instances: [
            { name: 'prod', url: 'https://argocd.example.com', token: 't' },
          ],
        },
      ],
    },
  }),
});

const steps = examples.map(e => yaml.parse(e.example).steps[0]);

describe('argocd:app:create examples', () => {
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
    const workspace = await fs.mkdtemp(
      path.join(os.tmpdir(), 'ops-argocd-example-'),
    );
    try {
      const file = path.join(workspace, 'gitops/apps/payments.yaml');
      await fs.mkdir(path.dirname(file), { recursive: true });
      await fs.writeFile(
        file,
        yaml.stringify({
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'Application',
          metadata: { name: 'payments' },
          spec: {
            project: 'default',
            source: {
              repoURL: 'https://git.example.com/gitops.git',
              path: 'services/payments',
            },
            destination: {
              server: 'https://kubernetes.default.svc',
              namespace: 'payments',
            },
          },
        }),
      );
      const literal = steps.find(s => !JSON.stringify(s.input).includes('${{'));
      const ctx = {
        ...createMockActionContext({
          input: literal.input,
          workspacePath: workspace,
          user: {
            ref: 'user:default/jane',
            entity: {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'User',
              metadata: { name: 'jane' },
              spec: {},
              relations: [
                { type: 'memberOf', targetRef: 'group:default/team-payments' },
              ],
            },
          },
        }),
        isDryRun: true,
      };
      await action.handler(ctx);
      expect(ctx.output).toHaveBeenCalledWith('name', 'payments');
    } finally {
      await fs.rm(workspace, { recursive: true, force: true });
    }
  });
});
