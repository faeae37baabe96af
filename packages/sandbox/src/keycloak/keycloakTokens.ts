import {
  createHmac,
  randomBytes,
  randomUUID,
  timingSafeEqual,
} from 'node:crypto';

/** The claims the stand-in puts in (and reads back from) its tokens. */
export interface TokenClaims {
  /** Issuer: `<baseUrl>/realms/<realm>`. */
  iss: string;
  /** The realm that issued the token. */
  realm: string;
  /** Subject: the user id, or the client's service account id. */
  sub: string;
  /** The client the token was issued to. */
  azp: string;
  typ: 'Bearer' | 'Refresh';
  preferred_username: string;
  scope: string;
  realm_access: { roles: string[] };
  iat: number;
  exp: number;
  jti: string;
  sid?: string;
  client_id?: string;
}

const base64url = (value: Buffer | string) =>
  Buffer.from(value).toString('base64url');

/**
 * Issues and verifies the stand-in's tokens: JWTs (so clients that decode them, such as
 * `@keycloak/keycloak-admin-client`, read `exp`), signed HS256 with a key that lives only in
 * this process. Real Keycloak signs access tokens RS256 and publishes the key; nothing in the
 * sandbox verifies tokens except the stand-in itself.
 */
export class KeycloakTokens {
  private readonly key = randomBytes(32);
  private readonly kid = randomUUID();

  /** Signs a token with the given claims; `iat`, `exp` and `jti` are filled in. */
  issue(
    claims: Omit<TokenClaims, 'iat' | 'exp' | 'jti'>,
    lifespanSeconds: number,
  ): string {
    const iat = Math.floor(Date.now() / 1000);
    const payload: TokenClaims = {
      ...claims,
      iat,
      exp: iat + lifespanSeconds,
      jti: randomUUID(),
    };
    const header = { alg: 'HS256', typ: 'JWT', kid: this.kid };
    const unsigned = `${base64url(JSON.stringify(header))}.${base64url(
      JSON.stringify(payload),
    )}`;
    return `${unsigned}.${this.sign(unsigned)}`;
  }

  /** The claims of a token this instance issued and that has not expired, else undefined. */
  verify(token: string | undefined): TokenClaims | undefined {
    const parts = token?.split('.');
    if (!parts || parts.length !== 3) {
      return undefined;
    }
    const expected = Buffer.from(this.sign(`${parts[0]}.${parts[1]}`));
    const actual = Buffer.from(parts[2]);
    if (
      expected.length !== actual.length ||
      !timingSafeEqual(expected, actual)
    ) {
      return undefined;
    }
    let claims: TokenClaims;
    try {
      claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    } catch {
      return undefined;
    }
    return claims.exp > Date.now() / 1000 ? claims : undefined;
  }

  private sign(unsigned: string): string {
    return createHmac('sha256', this.key).update(unsigned).digest('base64url');
  }
}
