import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Examples of `ops:service:render`, shown in the scaffolder's action reference. */
export const examples: TemplateExample[] = [
  {
    description:
      'Render an OIDC-protected service with log shipping into the GitOps checkout at ./gitops',
    example: yaml.stringify({
      steps: [
        {
          action: 'ops:service:render',
          id: 'render-manifests',
          name: 'Render the service manifests',
          input: {
            name: 'orders',
            description: 'Order intake API',
            owner: 'group:default/team-orders',
            system: 'system:default/shop',
            image: 'ghcr.io/acme/orders:1.0.0',
            port: 8080,
            namespace: 'orders',
            routePath: '/api/orders',
            rateLimitPerSecond: 50,
            auth: 'oidc',
            autoscaling: {
              minReplicas: 2,
              maxReplicas: 6,
              cpuTargetPercent: 70,
              memoryTargetPercent: 80,
            },
            logShipping: true,
            targetPath: 'gitops',
          },
        },
      ],
    }),
  },
  {
    description:
      'Render a public service from the template parameters, without log shipping',
    example: yaml.stringify({
      steps: [
        {
          action: 'ops:service:render',
          id: 'render-manifests',
          name: 'Render the service manifests',
          input: {
            name: '${{ parameters.name }}',
            owner: '${{ parameters.owner }}',
            image: '${{ parameters.image }}',
            port: '${{ parameters.port }}',
            namespace: '${{ parameters.namespace }}',
            routePath: '${{ parameters.routePath }}',
            rateLimitPerSecond: '${{ parameters.rateLimitPerSecond }}',
            auth: 'none',
            autoscaling: '${{ parameters.autoscaling }}',
            logShipping: false,
          },
        },
      ],
    }),
  },
];
