import {
  autoscalingSchema,
  containerPortSchema,
  firstValidationError,
  rateLimitSchema,
  serviceAuthSchema,
  serviceRequestSchema,
} from '@internal/plugin-ops-common';
import { z } from 'zod';
import {
  loadServiceTemplate,
  parameterPage,
  PropertySchema,
} from '../__testUtils__/serviceTemplate';
import {
  parametersFor,
  references,
  renderInput,
  renderer,
  stringsIn,
} from '../__testUtils__/templateRendering';
import { opsFieldDefinitions } from '../fields/formFields';

const template = loadServiceTemplate();
const { parameters, steps, output } = template.spec;
const properties: Record<string, PropertySchema> = Object.assign(
  {},
  ...parameters.map(page => page.properties),
);

describe('templates/service/template.yaml', () => {
  it('is the ops-service template owned by the platform admins', () => {
    expect(template.apiVersion).toBe('scaffolder.backstage.io/v1beta3');
    expect(template.kind).toBe('Template');
    expect(template.metadata.name).toBe('ops-service');
    expect(template.metadata.title).toBe(
      'New service (Kong, Keycloak, HPA, Argo CD)',
    );
    expect(template.spec.owner).toBe('group:default/platform-admins');
    expect(parameters.map(page => page.title)).toEqual([
      'Service',
      'Container',
      'Routing & auth',
      'Autoscaling',
      'Logging',
    ]);
  });

  it('runs its steps in order with the agreed action ids', () => {
    expect(steps.map(step => [step.id, step.action])).toEqual([
      ['preflight', 'ops:service:preflight'],
      ['render', 'ops:service:render'],
      ['fetch', 'fetch:template'],
      ['keycloak', 'keycloak:client:create'],
      ['publish', 'gitops:publish'],
      ['argocd', 'argocd:app:create'],
      ['register', 'ops:catalog:register'],
    ]);
  });

  it('asks for exactly the fields of a service request', () => {
    expect(Object.keys(properties).sort()).toEqual(
      Object.keys(serviceRequestSchema.shape).sort(),
    );
    expect(properties.auth.enum).toEqual(serviceAuthSchema.options);
    expect(properties.auth['ui:enumNames']).toHaveLength(
      serviceAuthSchema.options.length,
    );
  });

  it('only references parameters it defines', () => {
    const referenced = stringsIn([steps, output]).flatMap(text =>
      references(text, 'parameters'),
    );
    expect(referenced.length).toBeGreaterThan(20);
    for (const path of referenced) {
      let schema: PropertySchema | undefined = { properties };
      for (const segment of path) {
        schema = schema?.properties?.[segment];
      }
      expect({ path: path.join('.'), defined: schema !== undefined }).toEqual({
        path: path.join('.'),
        defined: true,
      });
    }
  });

  it('only references the outputs of earlier steps', () => {
    steps.forEach((step, index) => {
      const earlier = steps.slice(0, index).map(s => s.id);
      for (const [id] of stringsIn(step).flatMap(t => references(t, 'steps'))) {
        expect({
          step: step.id,
          uses: id,
          earlier: earlier.includes(id),
        }).toEqual({ step: step.id, uses: id, earlier: true });
      }
    });
    const ids = steps.map(s => s.id);
    for (const [id] of stringsIn(output).flatMap(t => references(t, 'steps'))) {
      expect(ids).toContain(id);
    }
  });

  it('uses only fields this module or the scaffolder provides', () => {
    const known = [
      ...Object.keys(opsFieldDefinitions),
      'OwnerPicker',
      'EntityPicker',
    ];
    const used = Object.values(properties)
      .map(p => p['ui:field'])
      .filter(Boolean);
    expect(used.length).toBeGreaterThan(5);
    for (const field of used) {
      expect(known).toContain(field);
    }
  });

  it.each<[string, PropertySchema, z.ZodTypeAny]>([
    ['port', properties.port, containerPortSchema],
    ['rateLimitPerSecond', properties.rateLimitPerSecond, rateLimitSchema],
    ...Object.entries(properties.autoscaling.properties!).map(
      ([key, schema]): [string, PropertySchema, z.ZodTypeAny] => [
        `autoscaling.${key}`,
        schema,
        (autoscalingSchema._def.schema as z.AnyZodObject).shape[key],
      ],
    ),
  ])(
    '%s: JSON schema bounds and messages are the ops-common rule',
    (_path, schema, rule) => {
      const { minimum, maximum, errorMessage } = schema;
      expect(schema.type).toBe('integer');
      expect(firstValidationError(rule, minimum)).toBeUndefined();
      expect(firstValidationError(rule, maximum)).toBeUndefined();
      expect(errorMessage).toEqual({
        minimum: firstValidationError(rule, minimum! - 1),
        maximum: firstValidationError(rule, maximum! + 1),
        type: firstValidationError(rule, minimum! + 0.5),
      });
      // The default, where there is one, passes the rule.
      expect(
        firstValidationError(rule, schema.default ?? minimum),
      ).toBeUndefined();
    },
  );

  it('keeps the autoscaling defaults valid', () => {
    const defaults = Object.fromEntries(
      Object.entries(properties.autoscaling.properties!).flatMap(([k, s]) =>
        s.default === undefined ? [] : [[k, s.default]],
      ),
    );
    expect(defaults).toEqual({
      minReplicas: 2,
      maxReplicas: 5,
      cpuTargetPercent: 70,
    });
    expect(firstValidationError(autoscalingSchema, defaults)).toBeUndefined();
    expect(
      parameterPage('Autoscaling').properties.autoscaling.required,
    ).toEqual(Object.keys(defaults));
  });

  it('hands the render action a valid service request', () => {
    const params = parametersFor('oidc');
    const render = steps.find(s => s.id === 'render')!;
    const { targetPath, ...request } = renderInput(render.input, {
      parameters: params,
    });
    expect(targetPath).toBe('./gitops');
    expect(serviceRequestSchema.parse(request)).toEqual(params);
    expect(request.port).toBe(8080);
  });

  it.each([
    ['oidc', 'commit', { keycloak: true, argocd: true }],
    ['none', 'branch', { keycloak: false, argocd: false }],
  ] as const)('auth %s, publish mode %s: runs %j', (auth, mode, expected) => {
    const context = {
      parameters: parametersFor(auth),
      steps: { publish: { output: { mode } } },
    };
    const runs = (id: string) =>
      Boolean(renderer.renderValue(steps.find(s => s.id === id)!.if!, context));
    expect({ keycloak: runs('keycloak'), argocd: runs('argocd') }).toEqual(
      expected,
    );
  });

  it('renders the inputs of the Keycloak, publish, Argo CD and register steps', () => {
    const context = {
      parameters: parametersFor('oidc'),
      steps: {
        render: {
          output: { routeUrl: 'http://localhost:8000/api/payments' },
        },
        publish: {
          output: {
            mode: 'commit',
            branch: 'main',
            catalogInfoUrl:
              'http://git.example/gitops/services/payments/catalog-info.yaml',
          },
        },
      },
    };
    const input = (id: string) =>
      renderInput(steps.find(s => s.id === id)!.input, context);
    expect(input('preflight')).toEqual({
      name: 'payments',
      owner: 'group:default/team-drivers',
      auth: 'oidc',
    });
    expect(input('keycloak')).toEqual({
      clientId: 'payments',
      owner: 'group:default/team-drivers',
      redirectUris: ['http://localhost:8000/api/payments/*'],
      secretTarget: { namespace: 'payments', name: 'payments-oidc-client' },
    });
    expect(input('publish')).toEqual({
      sourcePath: './gitops',
      commitMessage: 'Add service payments',
      serviceName: 'payments',
      catalogInfoPath: 'services/payments/catalog-info.yaml',
      owner: 'group:default/team-drivers',
    });
    expect(input('argocd')).toEqual({
      applicationFile: './gitops/apps/payments.yaml',
      waitForSync: true,
      owner: 'group:default/team-drivers',
    });
    expect(input('register')).toEqual({
      name: 'payments',
      owner: 'group:default/team-drivers',
      branch: 'main',
    });
  });

  it.each([
    ['commit', 'Argo CD deploys it from there.'],
    ['branch', 'Merge the branch to deploy the service'],
  ])('reports the %s and the entity', (mode, next) => {
    const rendered = renderInput(output, {
      parameters: parametersFor('none'),
      steps: {
        publish: { output: { mode, commitHash: 'a1b2c3d', branch: 'main' } },
        register: { output: { entityRef: 'component:default/payments' } },
      },
    });
    expect(rendered.links).toEqual([
      expect.objectContaining({ entityRef: 'component:default/payments' }),
    ]);
    expect(rendered.text[0].content).toContain(
      'Commit `a1b2c3d` on branch `main`.',
    );
    expect(rendered.text[0].content).toContain(next);
  });
});
