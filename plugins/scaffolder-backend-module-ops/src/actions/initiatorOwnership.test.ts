import { UserEntity } from '@backstage/catalog-model';
import { assertInitiatorMayOwn } from './initiatorOwnership';

function user(name: string, groups: string[]): UserEntity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name },
    spec: { memberOf: groups },
    relations: groups.map(targetRef => ({ type: 'memberOf', targetRef })),
  };
}

const admins = ['group:default/platform-admins'];
const guest = {
  ref: 'user:default/guest',
  entity: user('guest', ['group:default/team-drivers']),
};

describe('assertInitiatorMayOwn', () => {
  it.each([
    ['a group the user belongs to', 'group:default/team-drivers'],
    ['the same group written short', 'team-drivers'],
    ['the user itself', 'user:default/guest'],
  ])('allows %s', (_case, owner) => {
    expect(() => assertInitiatorMayOwn(guest, owner, admins)).not.toThrow();
  });

  it('allows a member of an admin group to pick any owner', () => {
    const admin = {
      ref: 'user:default/ana',
      entity: user('ana', ['group:default/platform-admins']),
    };
    expect(() =>
      assertInitiatorMayOwn(admin, 'group:default/team-mesh', admins),
    ).not.toThrow();
  });

  it('refuses a group the user does not belong to, naming both', () => {
    expect(() =>
      assertInitiatorMayOwn(guest, 'group:default/team-mesh', admins),
    ).toThrow(
      'user:default/guest may not create a service owned by group:default/team-mesh',
    );
  });

  it('refuses a task without an initiator', () => {
    expect(() =>
      assertInitiatorMayOwn(undefined, 'team-drivers', admins),
    ).toThrow(/no initiator/);
  });
});
