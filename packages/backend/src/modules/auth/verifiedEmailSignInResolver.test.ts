import { NotAllowedError } from '@backstage/errors';
import {
  emailDomain,
  refusalForEmail,
  verifiedEmailMatchingUserEntityProfileEmail,
} from './verifiedEmailSignInResolver';

describe('emailDomain', () => {
  it.each([
    ['ana@ops-portal.local', 'ops-portal.local'],
    ['Ana@Ops-Portal.LOCAL', 'ops-portal.local'],
    ['ana', undefined],
    ['@ops-portal.local', undefined],
    ['ana@', undefined],
    ['a@b@c', undefined],
  ])('%s → %s', (email, domain) => {
    expect(emailDomain(email)).toBe(domain);
  });
});

describe('refusalForEmail', () => {
  it.each([
    ['ana@ops-portal.local', undefined],
    ['ana@ops-portal.local', ['ops-portal.local']],
    ['ana@OPS-PORTAL.local', ['ops-portal.local']],
  ])('accepts %s with domains %j', (email, domains) => {
    expect(refusalForEmail(email, domains)).toBeUndefined();
  });

  it.each([
    [undefined, undefined, /no verified email/],
    ['ana@evil.example', ['ops-portal.local'], /'evil.example' is not one/],
    ['ana@ops-portal.local.evil.example', ['ops-portal.local'], /not one/],
    ['not-an-email', undefined, /not a valid email/],
  ])('refuses %s with domains %j', (email, domains, expected) => {
    expect(refusalForEmail(email, domains)).toMatch(expected);
  });
});

describe('verifiedEmailMatchingUserEntityProfileEmail', () => {
  function signIn(email: string | undefined, options?: object) {
    const signInWithCatalogUser = jest
      .fn()
      .mockResolvedValue({ token: 'backstage-token' });
    const resolver = verifiedEmailMatchingUserEntityProfileEmail(options);
    const result = resolver({ profile: { email }, result: {} as any }, {
      signInWithCatalogUser,
    } as any);
    return { result, signInWithCatalogUser };
  }

  it('looks the user up by the exact verified email', async () => {
    const { result, signInWithCatalogUser } = signIn(
      'ana+ops@ops-portal.local',
    );
    await expect(result).resolves.toEqual({ token: 'backstage-token' });
    expect(signInWithCatalogUser).toHaveBeenCalledTimes(1);
    expect(signInWithCatalogUser).toHaveBeenCalledWith({
      filter: { 'spec.profile.email': 'ana+ops@ops-portal.local' },
    });
  });

  it('does not retry without the +tag when the exact email is unknown', async () => {
    const signInWithCatalogUser = jest
      .fn()
      .mockRejectedValue(
        Object.assign(new Error('no user'), { name: 'NotFoundError' }),
      );
    const resolver = verifiedEmailMatchingUserEntityProfileEmail();
    await expect(
      resolver(
        { profile: { email: 'ana+x@ops-portal.local' }, result: {} as any },
        { signInWithCatalogUser } as any,
      ),
    ).rejects.toThrow('no user');
    expect(signInWithCatalogUser).toHaveBeenCalledTimes(1);
  });

  it('refuses a profile without a verified email before any lookup', async () => {
    const { result, signInWithCatalogUser } = signIn(undefined);
    await expect(result).rejects.toBeInstanceOf(NotAllowedError);
    expect(signInWithCatalogUser).not.toHaveBeenCalled();
  });

  it('refuses a domain outside allowedDomains before any lookup', async () => {
    const { result, signInWithCatalogUser } = signIn('ana@evil.example', {
      allowedDomains: ['ops-portal.local'],
    });
    await expect(result).rejects.toThrow(/not one of the allowed/);
    expect(signInWithCatalogUser).not.toHaveBeenCalled();
  });

  it('rejects invalid options', () => {
    expect(() =>
      verifiedEmailMatchingUserEntityProfileEmail({ allowedDomains: [] }),
    ).toThrow();
    // a misspelt key must not silently turn the domain restriction off
    expect(() =>
      verifiedEmailMatchingUserEntityProfileEmail({
        allowedDomain: ['ops-portal.local'],
      } as any),
    ).toThrow();
  });
});
