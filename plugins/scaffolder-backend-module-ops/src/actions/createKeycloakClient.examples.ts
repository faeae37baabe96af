import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Examples of `keycloak:client:create`, shown in the scaffolder's action list. */
export const examples: TemplateExample[] = [
  {
    description:
      'Create the confidential client of a new service and deliver its secret to a Secret in the service namespace',
    example: yaml.stringify({
      steps: [
        {
          id: 'keycloak',
          action: 'keycloak:client:create',
          name: 'Create Keycloak client',
          input: {
            clientId: '${{ parameters.name }}',
            owner: '${{ parameters.owner }}',
            redirectUris: [
              'https://api.example.com/api/${{ parameters.name }}/callback',
            ],
            secretTarget: {
              namespace: '${{ parameters.namespace }}',
              name: '${{ parameters.name }}-oidc-client',
            },
          },
        },
      ],
    }),
  },
  {
    description:
      'Create a client (in the configured realm) with explicit web origins and a custom token audience',
    example: yaml.stringify({
      steps: [
        {
          id: 'keycloak',
          action: 'keycloak:client:create',
          name: 'Create Keycloak client',
          input: {
            clientId: 'payments',
            owner: 'group:default/team-payments',
            redirectUris: ['https://payments.example.com/*'],
            webOrigins: ['https://payments.example.com'],
            audience: 'payments-api',
            secretTarget: {
              namespace: 'payments',
              name: 'payments-oidc-client',
            },
          },
        },
      ],
    }),
  },
];
