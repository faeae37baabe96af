import {
  ApiBlueprint,
  ExtensionDefinition,
} from '@backstage/frontend-plugin-api';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import scaffolderPlugin from '@backstage/plugin-scaffolder/alpha';
import { opsFieldDefinitions } from './fields/formFields';
import { opsFormFieldExtensions, scaffolderModuleOps } from './module';

/** Loads the form fields the scaffolder plugin's own form-fields API sees with this module installed. */
async function loadFormFieldsWithModule() {
  const tester = createExtensionTester(
    scaffolderPlugin.getExtension('api:scaffolder/form-fields'),
  );
  for (const extension of opsFormFieldExtensions as ExtensionDefinition[]) {
    tester.add(extension);
  }
  const factory = tester.get(ApiBlueprint.dataRefs.factory);
  // No Create page in this tree: the fields come from the API's own input only.
  const api = factory.factory({
    appTreeApi: { getTree: () => ({ tree: { nodes: new Map() } }) },
  }) as { loadFormFields(): Promise<Array<{ name: string }>> };
  return api.loadFormFields();
}

describe('scaffolderModuleOps', () => {
  it('is a module of the scaffolder plugin', () => {
    expect(scaffolderModuleOps.pluginId).toBe('scaffolder');
  });

  it('gives the scaffolder form-fields API every field of the module', async () => {
    const fields = await loadFormFieldsWithModule();

    expect(fields.map(field => field.name).sort()).toEqual(
      Object.keys(opsFieldDefinitions).sort(),
    );
    for (const field of fields) {
      expect(field).toMatchObject(
        opsFieldDefinitions[field.name as keyof typeof opsFieldDefinitions],
      );
    }
  });
});
