import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';

/**
 * One extension per form field (`scaffolder-form-field:scaffolder/<name>`), each loading its
 * field lazily with the rest of the module's fields.
 */
export const opsFormFieldExtensions = [
  FormFieldBlueprint.make({
    name: 'ops-service-name',
    params: {
      field: () =>
        import('./fields/formFields').then(m => m.opsServiceNameField),
    },
  }),
  FormFieldBlueprint.make({
    name: 'ops-namespace',
    params: {
      field: () => import('./fields/formFields').then(m => m.opsNamespaceField),
    },
  }),
  FormFieldBlueprint.make({
    name: 'ops-container-image',
    params: {
      field: () =>
        import('./fields/formFields').then(m => m.opsContainerImageField),
    },
  }),
  FormFieldBlueprint.make({
    name: 'ops-container-port',
    params: {
      field: () =>
        import('./fields/formFields').then(m => m.opsContainerPortField),
    },
  }),
  FormFieldBlueprint.make({
    name: 'ops-route-path',
    params: {
      field: () => import('./fields/formFields').then(m => m.opsRoutePathField),
    },
  }),
  FormFieldBlueprint.make({
    name: 'ops-rate-limit',
    params: {
      field: () => import('./fields/formFields').then(m => m.opsRateLimitField),
    },
  }),
  FormFieldBlueprint.make({
    name: 'ops-autoscaling',
    params: {
      field: () =>
        import('./fields/formFields').then(m => m.opsAutoscalingField),
    },
  }),
];

/**
 * The ops portal's form fields for the scaffolder (the new-service template): installed into the
 * scaffolder plugin's `api:scaffolder/form-fields`.
 *
 * @public
 */
export const scaffolderModuleOps = createFrontendModule({
  pluginId: 'scaffolder',
  extensions: opsFormFieldExtensions,
});
