import { mockCredentials } from '@backstage/backend-test-utils';
import { NotAllowedError } from '@backstage/errors';
import { permissionsAllowing } from '../__testUtils__/actionsBackend';
import { ArgoActionAuthorizer } from './ArgoActionAuthorizer';

const ENTITY = 'component:default/driver';
const credentials = mockCredentials.user('user:default/jane');

describe('ArgoActionAuthorizer', () => {
  it.each([
    ['sync', 'ops.argocd.sync'],
    ['refresh', 'ops.argocd.sync'],
    ['cancel', 'ops.argocd.sync'],
    ['rollback', 'ops.argocd.rollback'],
  ] as const)('checks %s against %s on the entity', async (action, name) => {
    const permissions = permissionsAllowing(name);
    await new ArgoActionAuthorizer(permissions).authorize(
      action,
      ENTITY,
      credentials,
    );
    expect(permissions.authorize).toHaveBeenCalledWith(
      [
        {
          permission: expect.objectContaining({
            name,
            resourceType: 'catalog-entity',
          }),
          resourceRef: ENTITY,
        },
      ],
      { credentials },
    );
  });

  it('refuses naming the permission and who may', async () => {
    const authorizer = new ArgoActionAuthorizer(
      permissionsAllowing('ops.argocd.sync'),
    );
    const error = await authorizer
      .authorize('rollback', ENTITY, credentials)
      .catch(e => e);
    expect(error).toBeInstanceOf(NotAllowedError);
    expect(error.message).toBe(
      'You may not roll back the Argo CD Application of component:default/driver (ops.argocd.rollback): only its owners and the admin groups may',
    );
  });
});
