/* eslint-disable jest/no-export, jest/valid-title -- a shared suite: other packages import it and
   name its describe block */
import type KeycloakAdminClient from '@keycloak/keycloak-admin-client';
import { randomBytes } from 'node:crypto';

/**
 * A Keycloak the contract runs against: the sandbox stand-in or a real server. Shaped like the
 * portal's `opsPortal.keycloak` settings, plus the `master` admin user.
 */
export interface KeycloakContractTarget {
  /** e.g. `http://127.0.0.1:41234` (token endpoint under `/realms`, Admin API under `/admin`). */
  baseUrl: string;
  /** A realm for the service clients (e.g. `platform`); the contract creates and deletes its own clients there. */
  realm: string;
  /** The realm of the admin client: `master`. */
  adminRealm: string;
  /** The confidential admin client whose service account holds `master`'s admin role. */
  clientId: string;
  clientSecret: string;
  /** A `master` user with the admin role, for the password grant through `admin-cli`. */
  adminUsername: string;
  adminPassword: string;
}

/** The clients Keycloak gives every new realm, by clientId. */
export const KEYCLOAK_BUILTIN_CLIENTS = [
  'account',
  'account-console',
  'admin-cli',
  'broker',
  'realm-management',
  'security-admin-console',
];

type AdminClientClass = typeof KeycloakAdminClient;

const FULL_ACCESS = { view: true, configure: true, manage: true };
const READ_ONLY = { view: true, configure: false, manage: false };

/** The error `@keycloak/keycloak-admin-client` throws for a non-2xx answer. */
async function failure(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    e => e,
  );
  expect(error).toBeInstanceOf(Error);
  return {
    message: (error as Error).message,
    status: (error as { response?: Response }).response?.status,
    body: (error as { responseData?: unknown }).responseData,
  };
}

function claimsOf(token: string) {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
}

const audienceMapper = (name: string, audience: string) => ({
  name,
  protocol: 'openid-connect',
  protocolMapper: 'oidc-audience-mapper',
  config: {
    'included.client.audience': audience,
    'access.token.claim': 'true',
  },
});

/**
 * The Keycloak contract of the portal: the token endpoint and the Admin REST API as the portal
 * and `@keycloak/keycloak-admin-client` use them, down to status codes, headers, body shapes and
 * error texts. Registers a `describe` block; `target` is read in `beforeAll`, so the server may be
 * started by an enclosing `beforeAll`. The same suite runs against the sandbox stand-in
 * (`packages/sandbox`) and a real Keycloak (`packages/real-infra`). Every client it creates
 * carries a per-run prefix and is deleted afterwards, so a shared server stays usable.
 */
export function describeKeycloakContractSuite(
  name: string,
  target: () => KeycloakContractTarget,
): void {
  describe(name, () => {
    let t: KeycloakContractTarget;
    let AdminClient: AdminClientClass;
    // clientIds this run creates: <prefix>-<name>; lower case so searches can use the prefix.
    const prefix = `ct${randomBytes(4).toString('hex')}`;
    const cid = (suffix: string) => `${prefix}-${suffix}`;

    const tokenUrl = (realm: string) =>
      `${t.baseUrl}/realms/${realm}/protocol/openid-connect/token`;
    const adminUrl = (apiPath: string) => `${t.baseUrl}/admin${apiPath}`;

    const postForm = (realm: string, form: Record<string, string>) =>
      fetch(tokenUrl(realm), {
        method: 'POST',
        body: new URLSearchParams(form),
      });

    const adminLogin = async () => {
      const response = await postForm(t.adminRealm, {
        grant_type: 'client_credentials',
        client_id: t.clientId,
        client_secret: t.clientSecret,
      });
      expect(response.status).toBe(200);
      return `Bearer ${((await response.json()) as any).access_token}`;
    };

    const adminClient = async () => {
      const kc = new AdminClient({
        baseUrl: t.baseUrl,
        realmName: t.adminRealm,
      });
      await kc.auth({
        grantType: 'client_credentials',
        clientId: t.clientId,
        clientSecret: t.clientSecret,
      });
      kc.setConfig({ realmName: t.realm });
      return kc;
    };

    beforeAll(async () => {
      t = target();
      // Loaded here, not at the top: importing the suite must not load the admin client.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      AdminClient = require('@keycloak/keycloak-admin-client').default;
    });

    afterEach(async () => {
      const kc = await adminClient();
      const ours = await kc.clients.find({ clientId: prefix, search: true });
      for (const client of ours) {
        if (client.id && client.clientId?.startsWith(`${prefix}-`)) {
          await kc.clients.del({ id: client.id });
        }
      }
    });

    describe('token endpoint', () => {
      it('answers client credentials (form parameters) with the token fields in order', async () => {
        const response = await postForm(t.adminRealm, {
          grant_type: 'client_credentials',
          client_id: t.clientId,
          client_secret: t.clientSecret,
        });
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toBe('application/json');
        expect(response.headers.get('cache-control')).toBe('no-store');
        expect(response.headers.get('pragma')).toBe('no-cache');
        const body = (await response.json()) as any;
        expect(Object.keys(body)).toEqual([
          'access_token',
          'expires_in',
          'refresh_expires_in',
          'token_type',
          'not-before-policy',
          'scope',
        ]);
        // Keycloak counts expires_in from the moment it answers: 60 or, a second later, 59.
        expect([59, 60]).toContain(body.expires_in);
        expect(body).toMatchObject({
          refresh_expires_in: 0,
          token_type: 'Bearer',
          'not-before-policy': 0,
        });
        expect(body.scope.split(' ').sort()).toEqual(['email', 'profile']);
        const claims = claimsOf(body.access_token);
        expect(claims).toMatchObject({
          azp: t.clientId,
          typ: 'Bearer',
          iss: `${t.baseUrl}/realms/${t.adminRealm}`,
          preferred_username: `service-account-${t.clientId}`,
        });
        expect(claims.exp - claims.iat).toBe(60);
        expect(claims.realm_access.roles).toEqual(
          expect.arrayContaining(['admin']),
        );
      });

      it('accepts the client credentials as HTTP Basic', async () => {
        const basic = Buffer.from(
          `${encodeURIComponent(t.clientId)}:${encodeURIComponent(
            t.clientSecret,
          )}`,
        ).toString('base64');
        const response = await fetch(tokenUrl(t.adminRealm), {
          method: 'POST',
          headers: { Authorization: `Basic ${basic}` },
          body: new URLSearchParams({ grant_type: 'client_credentials' }),
        });
        expect(response.status).toBe(200);
        expect(((await response.json()) as any).token_type).toBe('Bearer');
      });

      it('issues a refresh token for the password grant and honours it', async () => {
        const login = await postForm(t.adminRealm, {
          grant_type: 'password',
          client_id: 'admin-cli',
          username: t.adminUsername,
          password: t.adminPassword,
        });
        expect(login.status).toBe(200);
        const tokens = (await login.json()) as any;
        expect(Object.keys(tokens)).toEqual([
          'access_token',
          'expires_in',
          'refresh_expires_in',
          'refresh_token',
          'token_type',
          'not-before-policy',
          'session_state',
          'scope',
        ]);
        expect(tokens.refresh_expires_in).toBe(1800);
        const refreshed = await postForm(t.adminRealm, {
          grant_type: 'refresh_token',
          client_id: 'admin-cli',
          refresh_token: tokens.refresh_token,
        });
        expect(refreshed.status).toBe(200);
        expect(((await refreshed.json()) as any).session_state).toBe(
          tokens.session_state,
        );
        const reused = await postForm(t.adminRealm, {
          grant_type: 'refresh_token',
          client_id: 'admin-cli',
          refresh_token: tokens.access_token,
        });
        expect(reused.status).toBe(400);
        expect(await reused.json()).toEqual({
          error: 'invalid_grant',
          error_description: 'Invalid refresh token',
        });
      });

      it.each([
        [
          'no grant_type',
          {},
          400,
          'invalid_request',
          'Missing form parameter: grant_type',
        ],
        [
          'an unknown grant_type',
          { grant_type: 'magic' },
          400,
          'unsupported_grant_type',
          'Unsupported grant_type',
        ],
        [
          'a public client',
          { grant_type: 'client_credentials', client_id: 'admin-cli' },
          401,
          'unauthorized_client',
          'Public client not allowed to retrieve service account',
        ],
        [
          'a confidential client without its secret',
          { grant_type: 'client_credentials', client_id: 'ADMIN' },
          401,
          'unauthorized_client',
          'Invalid client or Invalid client credentials',
        ],
      ])(
        'answers %s with the OAuth error',
        async (_what, form, status, error, description) => {
          const fields: Record<string, string> = { ...form };
          if (fields.client_id === 'ADMIN') fields.client_id = t.clientId;
          const response = await postForm(t.adminRealm, fields);
          expect(response.status).toBe(status);
          expect(await response.json()).toEqual({
            error,
            error_description: description,
          });
        },
      );

      it('answers the token endpoint of an unknown realm without the trailing period', async () => {
        const response = await postForm('no-such-realm', {
          grant_type: 'client_credentials',
        });
        expect(response.status).toBe(404);
        expect(await response.json()).toEqual({
          error: 'Realm does not exist',
        });
      });
    });

    describe('Admin API wire format', () => {
      it('requires a valid bearer token on /admin', async () => {
        for (const authorization of [
          undefined,
          'Bearer not-a-token',
          'Basic YTpi',
        ]) {
          const response = await fetch(adminUrl(`/realms/${t.realm}/clients`), {
            headers: authorization ? { Authorization: authorization } : {},
          });
          expect(response.status).toBe(401);
          expect(response.headers.get('content-type')).toBe('application/json');
          expect(await response.json()).toEqual({
            error: 'HTTP 401 Unauthorized',
          });
        }
      });

      it('creates with 201, a Location header and no body, and reads with the admin content type', async () => {
        const auth = await adminLogin();
        const created = await fetch(adminUrl(`/realms/${t.realm}/clients`), {
          method: 'POST',
          headers: { Authorization: auth, 'Content-Type': 'application/json' },
          body: JSON.stringify({ clientId: cid('web'), publicClient: true }),
        });
        expect(created.status).toBe(201);
        expect(await created.text()).toBe('');
        const location = created.headers.get('location')!;
        expect(location).toMatch(
          new RegExp(
            `^${t.baseUrl}/admin/realms/${t.realm}/clients/[0-9a-f-]{36}$`,
          ),
        );
        const id = location.split('/').pop();

        const read = await fetch(adminUrl(`/realms/${t.realm}/clients/${id}`), {
          headers: { Authorization: auth },
        });
        expect(read.status).toBe(200);
        expect(read.headers.get('content-type')).toBe(
          'application/json;charset=UTF-8',
        );
        const body = (await read.json()) as any;
        expect(body.secret).toBeUndefined();
        expect(Object.keys(body).slice(0, 4)).toEqual([
          'id',
          'clientId',
          'surrogateAuthRequired',
          'enabled',
        ]);
        const secret = await fetch(
          adminUrl(`/realms/${t.realm}/clients/${id}/client-secret`),
          { headers: { Authorization: auth } },
        );
        expect(secret.status).toBe(200);
        expect(await secret.json()).toEqual({ type: 'secret' });
      });

      it('answers errors of the Admin API with Keycloak bodies', async () => {
        const auth = await adminLogin();
        const badJson = await fetch(adminUrl(`/realms/${t.realm}/clients`), {
          method: 'POST',
          headers: { Authorization: auth, 'Content-Type': 'application/json' },
          body: '{"clientId":',
        });
        expect(badJson.status).toBe(400);
        expect(await badJson.json()).toEqual({
          error: 'invalid_request',
          error_description: 'Cannot parse the JSON',
        });

        const unknownClient = await fetch(
          adminUrl(
            `/realms/${t.realm}/clients/00000000-0000-0000-0000-000000000000`,
          ),
          { headers: { Authorization: auth } },
        );
        expect(unknownClient.status).toBe(404);
        expect(await unknownClient.json()).toEqual({
          error: 'Could not find client',
        });

        const wrongMethod = await fetch(
          adminUrl(`/realms/${t.realm}/clients`),
          {
            method: 'PATCH',
            headers: { Authorization: auth },
          },
        );
        expect(wrongMethod.status).toBe(405);
        expect(await wrongMethod.json()).toEqual({
          error: 'HTTP 405 Method Not Allowed',
        });

        const unknownPath = await fetch(
          adminUrl(`/realms/${t.realm}/widgets`),
          {
            headers: { Authorization: auth },
          },
        );
        expect(unknownPath.status).toBe(404);
        expect(await unknownPath.json()).toEqual({
          error: 'HTTP 404 Not Found',
        });

        const unknownAdminPath = await fetch(adminUrl('/widgets'), {
          headers: { Authorization: auth },
        });
        expect(unknownAdminPath.status).toBe(405);
        expect(await unknownAdminPath.json()).toEqual({
          error: 'HTTP 405 Method Not Allowed',
        });

        const outsideAdmin = await fetch(`${t.baseUrl}/widgets`);
        expect(outsideAdmin.status).toBe(404);
        expect(await outsideAdmin.json()).toEqual({
          error: 'Unable to find matching target resource method',
        });

        const badPaging = await fetch(
          adminUrl(`/realms/${t.realm}/clients?first=abc`),
          { headers: { Authorization: auth } },
        );
        expect(badPaging.status).toBe(404);
        expect(await badPaging.json()).toEqual({ error: 'HTTP 404 Not Found' });

        const created = await fetch(adminUrl(`/realms/${t.realm}/clients`), {
          method: 'POST',
          headers: { Authorization: auth, 'Content-Type': 'application/json' },
          body: JSON.stringify({ clientId: cid('no-body') }),
        });
        const id = created.headers.get('location')!.split('/').pop();
        const noBody = await fetch(
          adminUrl(`/realms/${t.realm}/clients/${id}`),
          {
            method: 'PUT',
            headers: {
              Authorization: auth,
              'Content-Type': 'application/json',
            },
          },
        );
        expect(noBody.status).toBe(500);
        expect(await noBody.json()).toEqual({
          error: 'unknown_error',
          error_description: 'For more on this error consult the server log.',
        });
      });

      it('names a client created without a clientId after its id', async () => {
        const auth = await adminLogin();
        const created = await fetch(adminUrl(`/realms/${t.realm}/clients`), {
          method: 'POST',
          headers: { Authorization: auth, 'Content-Type': 'application/json' },
          body: JSON.stringify({ name: cid('nameless') }),
        });
        expect(created.status).toBe(201);
        const id = created.headers.get('location')!.split('/').pop();
        const read = await fetch(adminUrl(`/realms/${t.realm}/clients/${id}`), {
          headers: { Authorization: auth },
        });
        expect(await read.json()).toMatchObject({
          id,
          clientId: id,
          name: cid('nameless'),
        });
        await fetch(adminUrl(`/realms/${t.realm}/clients/${id}`), {
          method: 'DELETE',
          headers: { Authorization: auth },
        });
      });

      it('gives a new realm the built-in clients, without secrets, the management client read-only', async () => {
        const auth = await adminLogin();
        const read = await fetch(adminUrl(`/realms/${t.realm}/clients`), {
          headers: { Authorization: auth },
        });
        const clients = ((await read.json()) as any[]).filter(c =>
          KEYCLOAK_BUILTIN_CLIENTS.includes(c.clientId),
        );
        expect(
          clients.map(c => [
            c.clientId,
            c.publicClient,
            c.bearerOnly,
            c.secret,
            c.access,
          ]),
        ).toEqual([
          ['account', true, false, undefined, FULL_ACCESS],
          ['account-console', true, false, undefined, FULL_ACCESS],
          ['admin-cli', true, false, undefined, FULL_ACCESS],
          ['broker', false, true, undefined, FULL_ACCESS],
          ['realm-management', false, true, undefined, READ_ONLY],
          ['security-admin-console', true, false, undefined, FULL_ACCESS],
        ]);
        expect(clients.find(c => c.clientId === 'admin-cli')).toMatchObject({
          directAccessGrantsEnabled: true,
          standardFlowEnabled: false,
          fullScopeAllowed: true,
        });

        const master = await fetch(
          adminUrl(`/realms/${t.adminRealm}/clients`),
          {
            headers: { Authorization: auth },
          },
        );
        const managing = ((await master.json()) as any[]).find(
          c => c.clientId === `${t.realm}-realm`,
        );
        expect(managing).toMatchObject({
          name: `${t.realm} Realm`,
          bearerOnly: true,
          attributes: { realm_client: 'true' },
          access: READ_ONLY,
        });
      });

      it('renames a client only to a free clientId', async () => {
        const auth = await adminLogin();
        const ids: string[] = [];
        for (const clientId of [cid('one'), cid('two')]) {
          const created = await fetch(adminUrl(`/realms/${t.realm}/clients`), {
            method: 'POST',
            headers: {
              Authorization: auth,
              'Content-Type': 'application/json',
            },
            body: JSON.stringify({ clientId }),
          });
          expect(created.status).toBe(201);
          ids.push(created.headers.get('location')!.split('/').pop()!);
        }
        const rename = (clientId: string) =>
          fetch(adminUrl(`/realms/${t.realm}/clients/${ids[0]}`), {
            method: 'PUT',
            headers: {
              Authorization: auth,
              'Content-Type': 'application/json',
            },
            body: JSON.stringify({ clientId }),
          });
        const clash = await rename(cid('two'));
        expect(clash.status).toBe(409);
        expect(await clash.json()).toEqual({
          error: 'conflict',
          error_description: 'Duplicate resource error',
        });
        expect((await rename(cid('three'))).status).toBe(204);
        const read = await fetch(
          adminUrl(`/realms/${t.realm}/clients?clientId=${cid('three')}`),
          { headers: { Authorization: auth } },
        );
        expect(((await read.json()) as any[]).map(c => c.id)).toEqual([ids[0]]);
      });
    });

    describe('with @keycloak/keycloak-admin-client', () => {
      it('authenticates with client credentials and creates a confidential client with a generated secret', async () => {
        const kc = await adminClient();
        const { id } = await kc.clients.create({
          clientId: cid('payments'),
          name: 'payments',
          protocol: 'openid-connect',
          publicClient: false,
          serviceAccountsEnabled: true,
          standardFlowEnabled: false,
          redirectUris: [],
          webOrigins: [],
          attributes: { 'backstage.io/owner': 'team-billing' },
        });
        expect(id).toMatch(/^[0-9a-f-]{36}$/);

        const found = await kc.clients.find({ clientId: cid('payments') });
        expect(found).toHaveLength(1);
        expect(found[0]).toMatchObject({
          id,
          clientId: cid('payments'),
          enabled: true,
          publicClient: false,
          serviceAccountsEnabled: true,
          standardFlowEnabled: false,
          protocol: 'openid-connect',
          attributes: expect.objectContaining({
            'backstage.io/owner': 'team-billing',
          }),
        });
        const secret = await kc.clients.getClientSecret({ id });
        expect(secret).toEqual({ type: 'secret', value: found[0].secret });
        // Keycloak 26: 512 bits from 62 alphanumerics.
        expect(secret.value).toMatch(/^[A-Za-z0-9]{86}$/);

        // The client's own credentials work at its realm's token endpoint.
        const own = new AdminClient({ baseUrl: t.baseUrl, realmName: t.realm });
        await own.auth({
          grantType: 'client_credentials',
          clientId: cid('payments'),
          clientSecret: secret.value!,
        });
        const claims = claimsOf(own.accessToken!);
        expect(claims).toMatchObject({
          azp: cid('payments'),
          iss: `${t.baseUrl}/realms/${t.realm}`,
        });
        expect(claims.exp - claims.iat).toBe(300);
      });

      it('gives each confidential client its own random secret', async () => {
        const kc = await adminClient();
        const a = await kc.clients.create({
          clientId: cid('a'),
          publicClient: false,
        });
        const b = await kc.clients.create({
          clientId: cid('b'),
          publicClient: false,
        });
        const secretA = await kc.clients.getClientSecret({ id: a.id });
        const secretB = await kc.clients.getClientSecret({ id: b.id });
        expect(secretA.value).not.toBe(secretB.value);
      });

      it('answers a duplicate clientId with 409 and errorMessage', async () => {
        const kc = await adminClient();
        await kc.clients.create({ clientId: cid('payments') });
        const duplicate = await failure(
          kc.clients.create({ clientId: cid('payments') }),
        );
        expect(duplicate).toEqual({
          message: `Client ${cid('payments')} already exists`,
          status: 409,
          body: { errorMessage: `Client ${cid('payments')} already exists` },
        });
      });

      it('finds by exact clientId, by case-insensitive search and in pages, ordered by clientId', async () => {
        const kc = await adminClient();
        for (const clientId of [
          cid('payments'),
          cid('orders-worker'),
          cid('orders'),
        ]) {
          await kc.clients.create({ clientId });
        }
        const exact = await kc.clients.find({ clientId: cid('orders') });
        expect(exact.map(c => c.clientId)).toEqual([cid('orders')]);
        expect(
          await kc.clients.find({ clientId: cid('orders').toUpperCase() }),
        ).toEqual([]);
        expect(await kc.clients.find({ clientId: cid('order') })).toEqual([]);

        const search = await kc.clients.find({
          clientId: cid('ORDER'),
          search: true,
        });
        expect(search.map(c => c.clientId)).toEqual([
          cid('orders'),
          cid('orders-worker'),
        ]);
        const page = await kc.clients.find({
          clientId: prefix,
          search: true,
          first: 1,
          max: 2,
        });
        expect(page.map(c => c.clientId)).toEqual([
          cid('orders-worker'),
          cid('payments'),
        ]);

        const all = (await kc.clients.find()).map(c => c.clientId!);
        expect(all).toEqual([...all].sort());
        expect(all).toEqual(
          expect.arrayContaining([
            ...KEYCLOAK_BUILTIN_CLIENTS,
            cid('orders'),
            cid('orders-worker'),
            cid('payments'),
          ]),
        );
        const firstTwo = await kc.clients.find({ first: 0, max: 2 });
        expect(firstTwo.map(c => c.clientId)).toEqual(all.slice(0, 2));
      });

      it('updates, regenerates the secret of, and deletes a client', async () => {
        const kc = await adminClient();
        const { id } = await kc.clients.create({ clientId: cid('payments') });
        const before = await kc.clients.findOne({ id });

        await kc.clients.update(
          { id },
          {
            ...before,
            redirectUris: ['https://payments.example.com/*'],
            attributes: { 'post.logout.redirect.uris': '+' },
          },
        );
        const after = await kc.clients.findOne({ id });
        expect(after?.redirectUris).toEqual(['https://payments.example.com/*']);
        expect(after?.attributes).toMatchObject({
          realm_client: 'false',
          'post.logout.redirect.uris': '+',
        });
        expect(after?.secret).toBe(before?.secret);

        const regenerated = await kc.clients.generateNewClientSecret({ id });
        expect(regenerated.type).toBe('secret');
        expect(regenerated.value).not.toBe(before?.secret);
        expect((await kc.clients.getClientSecret({ id })).value).toBe(
          regenerated.value,
        );

        await kc.clients.del({ id });
        expect(await kc.clients.findOne({ id })).toBeNull();
        const gone = await failure(kc.clients.del({ id }));
        expect(gone).toMatchObject({
          status: 404,
          body: { error: 'Could not find client' },
        });
      });

      it('refuses wrong client credentials and a wrong password', async () => {
        const kc = new AdminClient({
          baseUrl: t.baseUrl,
          realmName: t.adminRealm,
        });
        const wrongSecret = await failure(
          kc.auth({
            grantType: 'client_credentials',
            clientId: t.clientId,
            clientSecret: 'nope',
          }),
        );
        expect(wrongSecret).toEqual({
          message: 'unauthorized_client',
          status: 401,
          body: {
            error: 'unauthorized_client',
            error_description: 'Invalid client or Invalid client credentials',
          },
        });
        const unknown = await failure(
          kc.auth({
            grantType: 'client_credentials',
            clientId: cid('nobody'),
            clientSecret: 'x',
          }),
        );
        expect(unknown).toEqual({
          message: 'invalid_client',
          status: 401,
          body: {
            error: 'invalid_client',
            error_description: 'Invalid client or Invalid client credentials',
          },
        });

        const wrongPassword = await failure(
          kc.auth({
            grantType: 'password',
            clientId: 'admin-cli',
            username: t.adminUsername,
            password: 'nope',
          }),
        );
        expect(wrongPassword).toMatchObject({
          status: 400,
          body: {
            error: 'invalid_grant',
            error_description: 'Invalid user credentials',
          },
        });
      });

      it('lets the admin user in through admin-cli with the password grant', async () => {
        const kc = new AdminClient({
          baseUrl: t.baseUrl,
          realmName: t.adminRealm,
        });
        await kc.auth({
          grantType: 'password',
          clientId: 'admin-cli',
          username: t.adminUsername,
          password: t.adminPassword,
        });
        expect(kc.refreshToken).toBeTruthy();
        const realms = await kc.realms.find();
        // Keycloak lists realms in no documented order.
        expect(realms.map(r => r.realm)).toEqual(
          expect.arrayContaining([t.adminRealm, t.realm]),
        );
        for (const realm of realms) {
          expect(realm.id).toMatch(/^[0-9a-f-]{36}$/);
        }
      });

      it('reports a missing realm', async () => {
        const kc = await adminClient();
        expect(await kc.realms.findOne({ realm: t.realm })).toMatchObject({
          realm: t.realm,
          enabled: true,
        });
        expect(await kc.realms.findOne({ realm: 'no-such-realm' })).toBeNull();
        const listing = await failure(
          kc.clients.find({ realm: 'no-such-realm' }),
        );
        expect(listing).toEqual({
          message: 'Realm not found.',
          status: 404,
          body: { error: 'Realm not found.' },
        });
      });

      it('refuses the Admin API to a token without admin rights', async () => {
        const kc = await adminClient();
        const { id } = await kc.clients.create({
          clientId: cid('payments'),
          serviceAccountsEnabled: true,
        });
        const { value } = await kc.clients.getClientSecret({ id });
        const service = new AdminClient({
          baseUrl: t.baseUrl,
          realmName: t.realm,
        });
        await service.auth({
          grantType: 'client_credentials',
          clientId: cid('payments'),
          clientSecret: value!,
        });
        const refused = await failure(service.clients.find());
        expect(refused).toMatchObject({
          status: 403,
          body: { error: 'HTTP 403 Forbidden' },
        });
      });
    });

    describe('protocol mappers', () => {
      it('keeps mappers sent with the client, giving each an id', async () => {
        const kc = await adminClient();
        const { id } = await kc.clients.create({
          clientId: cid('payments'),
          protocolMappers: [audienceMapper('payments-audience', 'payments')],
        });
        const client = await kc.clients.findOne({ id });
        expect(client?.protocolMappers).toEqual([
          {
            id: expect.stringMatching(/^[0-9a-f-]{36}$/),
            name: 'payments-audience',
            protocol: 'openid-connect',
            protocolMapper: 'oidc-audience-mapper',
            consentRequired: false,
            config: {
              'included.client.audience': 'payments',
              'access.token.claim': 'true',
            },
          },
        ]);
        // An update without protocolMappers leaves them as they are.
        const { protocolMappers: _mappers, ...withoutMappers } = client!;
        await kc.clients.update(
          { id },
          { ...withoutMappers, description: 'payments' },
        );
        expect((await kc.clients.findOne({ id }))?.protocolMappers).toEqual(
          client?.protocolMappers,
        );
      });

      it('shows mappers on the models endpoints with the introspection and userinfo defaults', async () => {
        const kc = await adminClient();
        const { id } = await kc.clients.create({
          clientId: cid('payments'),
          protocolMappers: [
            audienceMapper('access', 'payments'),
            {
              ...audienceMapper('id-token', 'payments'),
              config: { 'id.token.claim': 'false' },
            },
            { ...audienceMapper('bare', 'payments'), config: {} },
          ],
        });
        const configs = Object.fromEntries(
          (await kc.clients.listProtocolMappers({ id })).map(m => [
            m.name,
            m.config,
          ]),
        );
        expect(configs).toEqual({
          access: {
            'included.client.audience': 'payments',
            'access.token.claim': 'true',
            'introspection.token.claim': 'true',
          },
          'id-token': {
            'id.token.claim': 'false',
            'userinfo.token.claim': 'false',
          },
          bare: {},
        });
        // The client representation shows what was stored.
        const stored = (await kc.clients.findOne({ id }))?.protocolMappers;
        expect(stored?.find(m => m.name === 'access')?.config).toEqual({
          'included.client.audience': 'payments',
          'access.token.claim': 'true',
        });
      });

      it('replaces the mappers with those of an update, matched by name', async () => {
        const kc = await adminClient();
        const { id } = await kc.clients.create({
          clientId: cid('payments'),
          protocolMappers: [
            audienceMapper('kept', 'payments'),
            audienceMapper('dropped', 'payments'),
          ],
        });
        // Keycloak lists mappers in no particular order.
        const kept = (await kc.clients.listProtocolMappers({ id })).find(
          m => m.name === 'kept',
        )!;
        await kc.clients.update(
          { id },
          {
            protocolMappers: [
              audienceMapper('kept', 'orders'),
              audienceMapper('added', 'payments'),
            ],
          },
        );
        const after = await kc.clients.listProtocolMappers({ id });
        expect(
          after
            .map(m => [
              m.name,
              m.name === 'kept' ? m.id === kept.id : true,
              m.config?.['included.client.audience'],
            ])
            .sort(),
        ).toEqual([
          ['added', true, 'payments'],
          ['kept', true, 'orders'],
        ]);

        const twice = await failure(
          kc.clients.update(
            { id },
            {
              protocolMappers: [
                audienceMapper('same', 'a'),
                audienceMapper('same', 'b'),
              ],
            },
          ),
        );
        expect(twice).toMatchObject({
          status: 400,
          body: {
            error: 'invalid_input',
            error_description:
              "Cannot add protocol mapper 'same'. Protocol mapper name must be unique per protocol",
          },
        });

        await kc.clients.update({ id }, { protocolMappers: [] });
        expect(await kc.clients.listProtocolMappers({ id })).toEqual([]);
      });

      it('adds, reads and deletes a mapper; a taken name is a 409', async () => {
        const kc = await adminClient();
        const { id } = await kc.clients.create({ clientId: cid('payments') });
        expect(await kc.clients.listProtocolMappers({ id })).toEqual([]);

        await kc.clients.addProtocolMapper(
          { id },
          audienceMapper('payments-audience', 'payments'),
        );
        const [mapper] = await kc.clients.listProtocolMappers({ id });
        expect(mapper.name).toBe('payments-audience');
        expect(mapper.config).toEqual({
          'included.client.audience': 'payments',
          'access.token.claim': 'true',
          'introspection.token.claim': 'true',
        });
        expect(
          await kc.clients.findProtocolMapperById({ id, mapperId: mapper.id! }),
        ).toEqual(mapper);

        const duplicate = await failure(
          kc.clients.addProtocolMapper(
            { id },
            audienceMapper('payments-audience', 'x'),
          ),
        );
        expect(duplicate).toMatchObject({
          message: 'Protocol mapper exists with same name',
          status: 409,
        });

        const unknownType = await failure(
          kc.clients.addProtocolMapper(
            { id },
            { ...audienceMapper('odd', 'x'), protocolMapper: 'no-such-mapper' },
          ),
        );
        expect(unknownType).toMatchObject({
          status: 404,
          body: { error: 'ProtocolMapper provider not found' },
        });

        await kc.clients.delProtocolMapper({ id, mapperId: mapper.id! });
        expect(
          await kc.clients.findProtocolMapperById({ id, mapperId: mapper.id! }),
        ).toBeNull();
      });
    });
  });
}
