import { ConfigReader } from '@backstage/config';
import { normalizeOwnershipRef, readOpsPolicyConfig } from './opsPolicyConfig';

describe('readOpsPolicyConfig', () => {
  it.each([
    [undefined, []],
    [[], []],
    [['group:default/platform-admins'], ['group:default/platform-admins']],
    [['platform-admins'], ['group:default/platform-admins']],
    [['Group:Ops/SRE'], ['group:ops/sre']],
  ])('reads %j as %j', (adminGroups, expected) => {
    const config = new ConfigReader({
      permission: { opsPolicy: { adminGroups } },
    });
    expect(readOpsPolicyConfig(config)).toEqual({ adminGroups: expected });
  });

  it('rejects a malformed ref', () => {
    const config = new ConfigReader({
      permission: { opsPolicy: { adminGroups: ['group:'] } },
    });
    expect(() => readOpsPolicyConfig(config)).toThrow(
      "Invalid entity ref 'group:' in permission.opsPolicy.adminGroups",
    );
  });
});

describe('normalizeOwnershipRef', () => {
  it('keeps full refs and lowercases them', () => {
    expect(normalizeOwnershipRef('user:default/Alice')).toBe(
      'user:default/alice',
    );
  });
});
