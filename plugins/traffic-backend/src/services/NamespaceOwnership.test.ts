import { namespaceOwnershipProblem } from './NamespaceOwnership';

const X = 'component:default/x';

describe('namespaceOwnershipProblem', () => {
  const owner = 'group:default/team-a';
  it.each([
    [
      'the owner it names',
      { 'ops-portal/owner': 'group:default/team-a' },
      owner,
      undefined,
    ],
    [
      'a short form of the owner',
      { 'ops-portal/owner': 'team-a' },
      owner,
      undefined,
    ],
    [
      'another owner',
      { 'ops-portal/owner': 'group:default/team-giropops' },
      owner,
      `namespace ns belongs to group:default/team-giropops, not to the owner of ${X} (group:default/team-a)`,
    ],
    [
      'a user of the same name',
      { 'ops-portal/owner': 'user:default/team-a' },
      owner,
      `namespace ns belongs to user:default/team-a, not to the owner of ${X} (group:default/team-a)`,
    ],
    [
      'an unparsable owner',
      { 'ops-portal/owner': 'group:default/' },
      owner,
      `namespace ns belongs to 'group:default/', not to the owner of ${X} (group:default/team-a)`,
    ],
    [
      'no annotation',
      { 'other/annotation': 'group:default/team-a' },
      owner,
      `namespace ns is not marked with ops-portal/owner: the traffic editor acts only in namespaces that belong to the owner of ${X}`,
    ],
    [
      'an empty annotation',
      { 'ops-portal/owner': ' ' },
      owner,
      `namespace ns is not marked with ops-portal/owner: the traffic editor acts only in namespaces that belong to the owner of ${X}`,
    ],
    [
      'no such namespace',
      undefined,
      owner,
      `namespace ns is not marked with ops-portal/owner: the traffic editor acts only in namespaces that belong to the owner of ${X}`,
    ],
    [
      'an entity without owner',
      { 'ops-portal/owner': 'group:default/team-a' },
      undefined,
      `${X} has no valid spec.owner, so no namespace belongs to it`,
    ],
  ])('%s', (_case, namespaceAnnotations, entityOwner, expected) => {
    expect(
      namespaceOwnershipProblem({
        namespace: 'ns',
        namespaceAnnotations,
        entityRef: X,
        owner: entityOwner,
      }),
    ).toBe(expected);
  });
});
