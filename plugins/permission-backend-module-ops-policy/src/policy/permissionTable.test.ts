import { createPermission } from '@backstage/plugin-permission-common';
import { catalogPermissions } from '@backstage/plugin-catalog-common/alpha';
import { scaffolderPermissions } from '@backstage/plugin-scaffolder-common/alpha';
import { kubernetesPermissions } from '@backstage/plugin-kubernetes-common';
import { opsMutationPermissions } from '@internal/plugin-ops-common';
import { buildPermissionTable, opsPermissionTable } from './permissionTable';

describe('opsPermissionTable', () => {
  // A plugin upgrade that declares a new permission fails here until the table names it.
  it.each([
    ['catalog', catalogPermissions],
    ['scaffolder', scaffolderPermissions],
    ['kubernetes', kubernetesPermissions],
    ['ops', opsMutationPermissions],
  ])('names every permission the %s plugin declares', (_plugin, declared) => {
    const unnamed = declared
      .map(p => p.name)
      .filter(name => !opsPermissionTable.has(name));
    expect(unnamed).toEqual([]);
  });

  it('names nothing the installed plugins do not declare', () => {
    const declared = new Set(
      [
        ...catalogPermissions,
        ...scaffolderPermissions,
        ...kubernetesPermissions,
        ...opsMutationPermissions,
      ].map(p => p.name),
    );
    expect(
      [...opsPermissionTable.keys()].filter(n => !declared.has(n)),
    ).toEqual([]);
  });
});

describe('buildPermissionTable', () => {
  const p = createPermission({ name: 'x.thing.read', attributes: {} });

  it('maps each name to its group', () => {
    expect(
      buildPermissionTable({
        'signed-in': [p],
        'entity-owner': [],
        'task-initiator': [],
        admin: [],
      }).get('x.thing.read'),
    ).toBe('signed-in');
  });

  it('refuses a permission named in two groups', () => {
    expect(() =>
      buildPermissionTable({
        'signed-in': [p],
        'entity-owner': [],
        'task-initiator': [],
        admin: [p],
      }),
    ).toThrow(
      "Permission 'x.thing.read' is named as both 'signed-in' and 'admin'",
    );
  });
});
