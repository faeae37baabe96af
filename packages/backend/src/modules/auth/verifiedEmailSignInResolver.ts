import {
  OAuthAuthenticatorResult,
  SignInInfo,
  SignInResolverFactory,
} from '@backstage/plugin-auth-node';
import { NotAllowedError } from '@backstage/errors';
import { z } from 'zod';

/**
 * The domain part of an email address, lower case, or undefined when the address has no single `@`
 * with text on both sides.
 */
export function emailDomain(email: string): string | undefined {
  const parts = email.split('@');
  if (parts.length !== 2 || !parts[0] || !parts[1]) return undefined;
  return parts[1].toLocaleLowerCase('en-US');
}

/**
 * Why a sign-in with this profile email is refused, or undefined when it may go on to the catalog
 * lookup. The OIDC authenticator only puts an email in the profile when the identity provider
 * says `email_verified: true`, so a missing email also covers an unverified one.
 */
export function refusalForEmail(
  email: string | undefined,
  allowedDomains: string[] | undefined,
): string | undefined {
  if (!email) {
    return 'the identity provider sent no verified email address';
  }
  const domain = emailDomain(email);
  if (!domain) {
    return `'${email}' is not a valid email address`;
  }
  if (
    allowedDomains &&
    !allowedDomains.some(d => d.toLocaleLowerCase('en-US') === domain)
  ) {
    return `email domain '${domain}' is not one of the allowed sign-in domains`;
  }
  return undefined;
}

const optionsSchema = z
  .object({ allowedDomains: z.array(z.string().min(1)).min(1).optional() })
  .strict()
  .optional();

/** Options of {@link verifiedEmailMatchingUserEntityProfileEmail}, from the sign-in config. */
export type VerifiedEmailResolverOptions = z.infer<typeof optionsSchema>;

/**
 * Signs a user in when their **verified** email equals the `spec.profile.email` of exactly one User
 * entity, optionally only for the configured domains. Unlike the stock
 * `emailMatchingUserEntityProfileEmail`, it never retries without a `+tag` (on a domain without
 * plus-addressing `ana+x@` is somebody else's mailbox) and never falls back to the email's local
 * part: a user name is not an identity. Options are validated when the provider starts.
 */
export const verifiedEmailMatchingUserEntityProfileEmail: SignInResolverFactory<
  OAuthAuthenticatorResult<unknown>,
  VerifiedEmailResolverOptions
> = (rawOptions?: VerifiedEmailResolverOptions) => {
  const options = optionsSchema.parse(rawOptions) ?? {};
  return async (info: SignInInfo<OAuthAuthenticatorResult<unknown>>, ctx) => {
    const email = info.profile.email;
    const refusal = refusalForEmail(email, options.allowedDomains);
    if (refusal) {
      throw new NotAllowedError(`Sign-in refused: ${refusal}`);
    }
    return ctx.signInWithCatalogUser({
      filter: { 'spec.profile.email': email! },
    });
  };
};
