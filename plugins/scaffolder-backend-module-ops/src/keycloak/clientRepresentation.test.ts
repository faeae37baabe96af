import {
  buildAudienceMapper,
  buildConfidentialClient,
  hasAudienceMapper,
  validateServiceClientSpec,
} from './clientRepresentation';

const valid = {
  clientId: 'payments',
  redirectUris: ['https://api.example.com/api/payments/callback'],
  webOrigins: ['+'],
};

describe('validateServiceClientSpec', () => {
  it.each([
    [{}],
    [{ redirectUris: ['http://localhost:3000/*'] }],
    [{ webOrigins: ['https://app.example.com', '+'] }],
    [{ audience: 'payments-api' }],
  ])('accepts %j', override => {
    expect(() =>
      validateServiceClientSpec({ ...valid, ...override }),
    ).not.toThrow();
  });

  it.each([
    [{ clientId: 'pay ments' }, "clientId 'pay ments' must be"],
    [{ clientId: '-payments' }, "clientId '-payments' must be"],
    [{ redirectUris: [] }, 'redirectUris must list at least one URI'],
    [
      { redirectUris: ['*'] },
      "redirect URI '*' must be an absolute http(s) URL",
    ],
    [
      { redirectUris: ['ftp://x.example.com/'] },
      "redirect URI 'ftp://x.example.com/'",
    ],
    [
      { redirectUris: ['https://*.example.com/cb'] },
      "redirect URI 'https://*.example.com/cb'",
    ],
    [{ webOrigins: ['*'] }, "web origin '*' must be '+' or an origin"],
    [
      { webOrigins: ['https://app.example.com/path'] },
      "web origin 'https://app.example.com/path'",
    ],
    [{ audience: ' ' }, 'audience must not be empty'],
  ])('refuses %j with %s', (override, message) => {
    expect(() => validateServiceClientSpec({ ...valid, ...override })).toThrow(
      message,
    );
  });
});

describe('audience mapper', () => {
  it('puts the client itself into aud by default', () => {
    expect(buildAudienceMapper({ clientId: 'payments' }).config).toEqual({
      'included.client.audience': 'payments',
      'id.token.claim': 'false',
      'access.token.claim': 'true',
      'introspection.token.claim': 'true',
    });
  });

  it('uses a custom audience when one other than the client is given', () => {
    const mapper = buildAudienceMapper({
      clientId: 'payments',
      audience: 'payments-api',
    });
    expect(mapper.name).toBe('audience-payments-api');
    expect(mapper.config).toMatchObject({
      'included.custom.audience': 'payments-api',
    });
    expect(mapper.config).not.toHaveProperty('included.client.audience');
  });

  it.each([
    [[], false],
    [[buildAudienceMapper({ clientId: 'payments' })], true],
    [[buildAudienceMapper({ clientId: 'other' })], false],
    [
      [
        {
          ...buildAudienceMapper({ clientId: 'payments' }),
          config: {
            'included.client.audience': 'payments',
            'access.token.claim': 'false',
          },
        },
      ],
      false,
    ],
    [
      [
        {
          protocolMapper: 'oidc-hardcoded-claim-mapper',
          config: {
            'included.client.audience': 'payments',
            'access.token.claim': 'true',
          },
        },
      ],
      false,
    ],
  ])('hasAudienceMapper(%j) is %s', (mappers, expected) => {
    expect(hasAudienceMapper(mappers, { clientId: 'payments' })).toBe(expected);
  });
});

describe('buildConfidentialClient', () => {
  it('builds a confidential client without the password grant', () => {
    expect(
      buildConfidentialClient(valid, {
        service: 'payments',
        owner: 'group:default/a',
      }),
    ).toMatchObject({
      clientId: 'payments',
      publicClient: false,
      clientAuthenticatorType: 'client-secret',
      standardFlowEnabled: true,
      serviceAccountsEnabled: true,
      directAccessGrantsEnabled: false,
      implicitFlowEnabled: false,
      protocol: 'openid-connect',
      protocolMappers: [buildAudienceMapper(valid)],
    });
  });
});
