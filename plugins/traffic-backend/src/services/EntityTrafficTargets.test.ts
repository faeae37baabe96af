import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { OpsEntityCache } from '@internal/plugin-ops-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { EntityTrafficTargets } from './EntityTrafficTargets';

const driver = (owner: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'driver',
    namespace: 'default',
    annotations: {
      'backstage.io/kubernetes-id': 'driver',
      'backstage.io/kubernetes-namespace': 'default',
      'argocd/app-name': 'driver',
    },
  },
  spec: { owner },
});

describe('EntityTrafficTargets and the shared entity reads', () => {
  const jane = mockCredentials.user('user:default/jane');

  function targets() {
    let owner = 'team-a';
    const getEntityByRef = jest.fn(async () => driver(owner));
    const subject = new EntityTrafficTargets(
      catalogServiceMock.mock({ getEntityByRef }),
      new OpsEntityCache({ ttlMs: 60_000 }),
    );
    return { subject, getEntityByRef, setOwner: (o: string) => (owner = o) };
  }

  it('serves state reads from the shared entity reads', async () => {
    const { subject, getEntityByRef } = targets();
    await subject.resolve('driver', jane, { shared: true });
    await subject.resolve('driver', jane, { shared: true });
    expect(getEntityByRef).toHaveBeenCalledTimes(1);
  });

  it('reads the entity as it is now for an edit, whatever the shared reads hold', async () => {
    const { subject, getEntityByRef, setOwner } = targets();
    await subject.resolve('driver', jane, { shared: true });
    setOwner('team-b');
    const edit = await subject.resolve('driver', jane);
    expect(getEntityByRef).toHaveBeenCalledTimes(2);
    expect(edit).toMatchObject({ owner: 'group:default/team-b' });
  });
});
