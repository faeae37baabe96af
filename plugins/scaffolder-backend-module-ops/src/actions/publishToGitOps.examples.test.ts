import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import yaml from 'yaml';
import { createPublishToGitOpsAction } from './publishToGitOps';
import { examples } from './publishToGitOps.examples';

const action = createPublishToGitOpsAction({
  config: new ConfigReader({
    opsPortal: {
      gitops: {
        repoUrl: 'https://git.example.com/platform/gitops.git',
        fileUrlTemplate:
          'https://git.example.com/platform/gitops/blob/{branch}/{path}',
      },
    },
  }),
});

const steps = examples
  .flatMap(e => yaml.parse(e.example).steps)
  .filter(s => s.action === action.id);

describe('gitops:publish examples', () => {
  it.each(steps.map((s, i) => [i, s]))(
    'example step %i uses only declared inputs',
    (_i, step) => {
      const schema = action.schema?.input as {
        properties: object;
        required: string[];
      };
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
      path.join(os.tmpdir(), 'ops-publish-example-'),
    );
    try {
      const file = path.join(
        workspace,
        'gitops/services/payments/catalog-info.yaml',
      );
      await fs.mkdir(path.dirname(file), { recursive: true });
      await fs.writeFile(file, 'kind: Component\n');
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
      expect(ctx.output).toHaveBeenCalledWith(
        'catalogInfoUrl',
        'https://git.example.com/platform/gitops/blob/main/services/payments/catalog-info.yaml',
      );
    } finally {
      await fs.rm(workspace, { recursive: true, force: true });
    }
  });
});
