import { Entity } from '@backstage/catalog-model';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { Stepper } from '@backstage/plugin-scaffolder-react/alpha';
import { opsFieldDefinitions } from '../fields/formFields';

/** A Component entity named `name` in the default namespace. */
export function component(name: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default' },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
  };
}

/**
 * Renders the scaffolder's own form stepper with this module's fields, as the Create page does,
 * for parameter pages written like the template's.
 */
export async function renderStepper(options: {
  pages: Array<{ title: string }>;
  initialState?: Record<string, string | number | boolean>;
  entities?: Entity[];
  catalogApi?: typeof catalogApiRef.T;
}) {
  const onCreate = jest.fn(async () => {});
  const extensions = Object.values(opsFieldDefinitions).map(
    ({ name, component: fieldComponent, validation }) => ({
      name,
      component: fieldComponent,
      validation,
    }),
  );
  const catalogApi =
    options.catalogApi ?? catalogApiMock({ entities: options.entities ?? [] });
  await renderInTestApp(
    <Stepper
      manifest={{
        title: 'New service',
        steps: options.pages.map(page => ({
          title: page.title,
          schema: page as any,
        })),
      }}
      extensions={extensions as any}
      initialState={options.initialState}
      onCreate={onCreate}
    />,
    { apis: [[catalogApiRef, catalogApi]] },
  );
  return { onCreate };
}
