import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import {
  loadServiceTemplate,
  SERVICE_TEMPLATE_DIR,
} from '../__testUtils__/serviceTemplate';
import {
  parametersFor,
  references,
  renderInput,
  renderer,
} from '../__testUtils__/templateRendering';

const { steps } = loadServiceTemplate().spec;

describe('templates/service/skeleton/catalog-info.yaml', () => {
  const skeleton = readFileSync(
    resolve(SERVICE_TEMPLATE_DIR, 'skeleton/catalog-info.yaml'),
    'utf8',
  );
  const fetch = steps.find(s => s.id === 'fetch')!;

  function renderEntity(params: Record<string, unknown>) {
    const { values, url, targetPath } = renderInput(fetch.input, {
      parameters: params,
      steps: {
        render: {
          output: { routeUrl: `http://localhost:8000${params.routePath}` },
        },
      },
    });
    expect(url).toBe('./skeleton');
    expect(targetPath).toBe('./gitops/services/payments');
    for (const [name] of references(skeleton, 'values')) {
      expect(Object.keys(fetch.input.values as object)).toContain(name);
    }
    return parse(renderer.render(skeleton, { values }));
  }

  it('describes the service with its Kubernetes and Argo CD annotations', () => {
    const params = parametersFor('oidc');
    expect(renderEntity(params)).toEqual({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'payments',
        description: params.description,
        tags: ['kong', 'argocd', 'keycloak'],
        annotations: {
          'backstage.io/kubernetes-id': 'payments',
          'backstage.io/kubernetes-namespace': 'payments',
          'argocd/app-name': 'payments',
        },
        links: [
          { url: 'http://localhost:8000/api/payments', title: 'Kong route' },
        ],
      },
      spec: {
        type: 'service',
        lifecycle: 'experimental',
        owner: 'group:default/team-drivers',
        system: 'system:default/ops-demo',
      },
    });
  });

  it('leaves out what was not asked for', () => {
    const { description: _d, system: _s, ...params } = parametersFor('none');
    const entity = renderEntity(params);
    expect(entity.metadata.description).toBeUndefined();
    expect(entity.metadata.tags).toEqual(['kong', 'argocd']);
    expect(entity.spec).toEqual({
      type: 'service',
      lifecycle: 'experimental',
      owner: 'group:default/team-drivers',
    });
  });
});
