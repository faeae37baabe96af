import { InputError } from '@backstage/errors';
import { ConfigReader } from '@backstage/config';
import { adminGroupRef, readOpsPolicyConfig } from './opsPolicyConfig';

describe('readOpsPolicyConfig', () => {
  it.each([
    [undefined, []],
    [[], []],
    [['group:default/platform-admins'], ['group:default/platform-admins']],
    [['platform-admins'], ['group:default/platform-admins']],
    [['Group:Ops/SRE'], ['group:ops/sre']],
    [['  platform-admins '], ['group:default/platform-admins']],
  ])('reads %j as %j', (adminGroups, expected) => {
    const config = new ConfigReader({
      permission: { opsPolicy: { adminGroups } },
    });
    expect(readOpsPolicyConfig(config)).toEqual({ adminGroups: expected });
  });

  it.each(['group:', 'group:default/', '  '])(
    'rejects the malformed ref %j with an InputError',
    ref => {
      const config = new ConfigReader({
        permission: { opsPolicy: { adminGroups: [ref] } },
      });
      expect(() => readOpsPolicyConfig(config)).toThrow(
        new InputError(
          `Invalid entity ref '${ref}' in permission.opsPolicy.adminGroups`,
        ),
      );
    },
  );
});

describe('adminGroupRef', () => {
  it('keeps full refs and lowercases them', () => {
    expect(adminGroupRef('user:default/Alice')).toBe('user:default/alice');
  });
});
