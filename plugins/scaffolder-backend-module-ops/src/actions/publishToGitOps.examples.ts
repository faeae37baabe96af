import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Examples of `gitops:publish`, shown in the scaffolder's action list. */
export const examples: TemplateExample[] = [
  {
    description:
      'Publish the rendered manifests (workspace directory `gitops/`, laid out like the repository) and register the catalog entity',
    example: yaml.stringify({
      steps: [
        {
          id: 'publish',
          action: 'gitops:publish',
          name: 'Publish to the GitOps repository',
          input: {
            sourcePath: 'gitops',
            commitMessage: 'Add service ${{ parameters.name }}',
            serviceName: '${{ parameters.name }}',
            catalogInfoPath:
              'services/${{ parameters.name }}/catalog-info.yaml',
            owner: '${{ parameters.owner }}',
          },
        },
        {
          id: 'register',
          action: 'ops:catalog:register',
          name: 'Register in the catalog',
          input: {
            name: '${{ parameters.name }}',
            owner: '${{ parameters.owner }}',
            branch: '${{ steps.publish.output.branch }}',
          },
        },
      ],
    }),
  },
  {
    description: 'Publish a fixed service directory',
    example: yaml.stringify({
      steps: [
        {
          id: 'publish',
          action: 'gitops:publish',
          name: 'Publish to the GitOps repository',
          input: {
            sourcePath: 'gitops',
            commitMessage: 'Add service payments',
            serviceName: 'payments',
            catalogInfoPath: 'services/payments/catalog-info.yaml',
            owner: 'group:default/team-payments',
          },
        },
      ],
    }),
  },
];
