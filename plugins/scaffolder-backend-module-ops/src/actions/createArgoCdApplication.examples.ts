import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Examples of `argocd:app:create`, shown in the scaffolder's action list. */
export const examples: TemplateExample[] = [
  {
    description:
      'Create the Application rendered by an earlier step and wait until Argo CD has synced it',
    example: yaml.stringify({
      steps: [
        {
          id: 'argocd',
          action: 'argocd:app:create',
          name: 'Create Argo CD Application',
          input: {
            applicationFile: 'gitops/apps/${{ parameters.name }}.yaml',
            owner: '${{ parameters.owner }}',
          },
        },
      ],
    }),
  },
  {
    description:
      'Create the Application without waiting (branch mode: it syncs after the merge)',
    example: yaml.stringify({
      steps: [
        {
          id: 'argocd',
          action: 'argocd:app:create',
          name: 'Create Argo CD Application',
          input: {
            applicationFile: 'gitops/apps/payments.yaml',
            owner: 'group:default/team-payments',
            waitForSync: false,
            timeoutSeconds: 300,
          },
        },
      ],
    }),
  },
];
