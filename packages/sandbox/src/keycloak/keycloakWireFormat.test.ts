import request from 'supertest';
import { createKeycloakRouter } from './createKeycloakRouter';
import { createSeededKeycloakStore } from './seedKeycloak';

function setup() {
  const store = createSeededKeycloakStore({
    realms: ['platform'],
    adminClientId: 'ops-portal-admin',
    adminClientSecret: 'dev-secret',
    adminUsername: 'admin',
    adminPassword: 'pw',
  });
  return { store, app: createKeycloakRouter({ store }) };
}

const tokenPath = (realm: string) =>
  `/realms/${realm}/protocol/openid-connect/token`;

async function adminToken(app: ReturnType<typeof setup>['app']) {
  const response = await request(app)
    .post(tokenPath('master'))
    .type('form')
    .send({
      grant_type: 'client_credentials',
      client_id: 'ops-portal-admin',
      client_secret: 'dev-secret',
    })
    .expect(200);
  return `Bearer ${response.body.access_token}`;
}

describe('Keycloak stand-in wire format', () => {
  it('answers client credentials (form parameters) with Keycloak token fields in order', async () => {
    const { app } = setup();
    const response = await request(app)
      .post(tokenPath('master'))
      .type('form')
      .send({
        grant_type: 'client_credentials',
        client_id: 'ops-portal-admin',
        client_secret: 'dev-secret',
      })
      .expect(200);
    expect(response.headers['content-type']).toBe('application/json');
    expect(response.headers['cache-control']).toBe('no-store');
    expect(Object.keys(response.body)).toEqual([
      'access_token',
      'expires_in',
      'refresh_expires_in',
      'token_type',
      'not-before-policy',
      'scope',
    ]);
    expect(response.body).toMatchObject({
      expires_in: 60,
      refresh_expires_in: 0,
      token_type: 'Bearer',
    });
    const claims = JSON.parse(
      Buffer.from(
        response.body.access_token.split('.')[1],
        'base64url',
      ).toString(),
    );
    expect(claims).toMatchObject({
      azp: 'ops-portal-admin',
      typ: 'Bearer',
      iss: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/realms\/master$/),
    });
    expect(claims.exp - claims.iat).toBe(60);
  });

  it('issues a refresh token for the password grant and honours it', async () => {
    const { app } = setup();
    const login = await request(app)
      .post(tokenPath('master'))
      .type('form')
      .send({
        grant_type: 'password',
        client_id: 'admin-cli',
        username: 'admin',
        password: 'pw',
      })
      .expect(200);
    expect(Object.keys(login.body)).toEqual([
      'access_token',
      'expires_in',
      'refresh_expires_in',
      'refresh_token',
      'token_type',
      'not-before-policy',
      'session_state',
      'scope',
    ]);
    const refreshed = await request(app)
      .post(tokenPath('master'))
      .type('form')
      .send({
        grant_type: 'refresh_token',
        client_id: 'admin-cli',
        refresh_token: login.body.refresh_token,
      })
      .expect(200);
    expect(refreshed.body.session_state).toBe(login.body.session_state);
    const reused = await request(app)
      .post(tokenPath('master'))
      .type('form')
      .send({
        grant_type: 'refresh_token',
        client_id: 'admin-cli',
        refresh_token: login.body.access_token,
      });
    expect(reused.status).toBe(400);
    expect(reused.body).toEqual({
      error: 'invalid_grant',
      error_description: 'Invalid refresh token',
    });
  });

  it.each([
    [
      'no grant_type',
      'master',
      {},
      400,
      'invalid_request',
      'Missing form parameter: grant_type',
    ],
    [
      'an unknown grant_type',
      'master',
      { grant_type: 'magic' },
      400,
      'unsupported_grant_type',
      'Unsupported grant_type',
    ],
    [
      'a public client',
      'master',
      { grant_type: 'client_credentials', client_id: 'admin-cli' },
      401,
      'unauthorized_client',
      'Public client not allowed to retrieve service account',
    ],
    [
      'a confidential client without its secret',
      'master',
      { grant_type: 'client_credentials', client_id: 'ops-portal-admin' },
      401,
      'unauthorized_client',
      'Client secret not provided in request',
    ],
  ])(
    'answers %s with the OAuth error',
    async (_what, realm, form, status, error, description) => {
      const { app } = setup();
      const response = await request(app)
        .post(tokenPath(realm))
        .type('form')
        .send(form);
      expect(response.status).toBe(status);
      expect(response.body).toEqual({ error, error_description: description });
    },
  );

  it('answers the token endpoint of an unknown realm without the trailing period', async () => {
    const { app } = setup();
    const response = await request(app)
      .post(tokenPath('nope'))
      .type('form')
      .send({ grant_type: 'client_credentials' })
      .expect(404);
    expect(response.body).toEqual({ error: 'Realm does not exist' });
  });

  it('requires a valid bearer token on /admin', async () => {
    const { app } = setup();
    for (const authorization of [
      undefined,
      'Bearer not-a-token',
      'Basic YTpi',
    ]) {
      const req = request(app).get('/admin/realms/platform/clients');
      const response = await (authorization
        ? req.set('Authorization', authorization)
        : req);
      expect(response.status).toBe(401);
      expect(response.headers['content-type']).toBe('application/json');
      expect(response.body).toEqual({ error: 'HTTP 401 Unauthorized' });
    }
  });

  it('creates with 201, a Location header and no body, and reads with the admin content type', async () => {
    const { app } = setup();
    const auth = await adminToken(app);
    const created = await request(app)
      .post('/admin/realms/platform/clients')
      .set('Authorization', auth)
      .send({ clientId: 'web', publicClient: true })
      .expect(201);
    expect(created.text).toBe('');
    const location = created.headers.location;
    expect(location).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/admin\/realms\/platform\/clients\/[0-9a-f-]{36}$/,
    );
    const id = location.split('/').pop();

    const read = await request(app)
      .get(`/admin/realms/platform/clients/${id}`)
      .set('Authorization', auth)
      .expect(200);
    expect(read.headers['content-type']).toBe('application/json;charset=UTF-8');
    expect(read.body.secret).toBeUndefined();
    expect(Object.keys(read.body).slice(0, 4)).toEqual([
      'id',
      'clientId',
      'surrogateAuthRequired',
      'enabled',
    ]);
    const secret = await request(app)
      .get(`/admin/realms/platform/clients/${id}/client-secret`)
      .set('Authorization', auth)
      .expect(200);
    expect(secret.body).toEqual({ type: 'secret' });
  });

  it('answers errors of the Admin API with Keycloak bodies', async () => {
    const { app } = setup();
    const auth = await adminToken(app);
    const badJson = await request(app)
      .post('/admin/realms/platform/clients')
      .set('Authorization', auth)
      .set('Content-Type', 'application/json')
      .send('{"clientId":');
    expect(badJson.status).toBe(400);
    expect(badJson.body).toEqual({
      error: 'invalid_request',
      error_description: 'Cannot parse the JSON',
    });

    const unknownClient = await request(app)
      .get(
        '/admin/realms/platform/clients/00000000-0000-0000-0000-000000000000',
      )
      .set('Authorization', auth);
    expect(unknownClient.status).toBe(404);
    expect(unknownClient.body).toEqual({ error: 'Could not find client' });

    const wrongMethod = await request(app)
      .patch('/admin/realms/platform/clients')
      .set('Authorization', auth);
    expect(wrongMethod.status).toBe(404);
    expect(wrongMethod.body).toEqual({ error: 'HTTP 404 Not Found' });

    const unknownPath = await request(app)
      .get('/admin/realms/platform/widgets')
      .set('Authorization', auth);
    expect(unknownPath.status).toBe(404);
    expect(unknownPath.body).toEqual({
      error: 'Unable to find matching target resource method',
    });

    const badPaging = await request(app)
      .get('/admin/realms/platform/clients?first=abc')
      .set('Authorization', auth);
    expect(badPaging.status).toBe(404);
  });

  it('renames a client only to a free clientId', async () => {
    const { app, store } = setup();
    const auth = await adminToken(app);
    for (const clientId of ['one', 'two']) {
      await request(app)
        .post('/admin/realms/platform/clients')
        .set('Authorization', auth)
        .send({ clientId })
        .expect(201);
    }
    const one = store.findClient('platform', 'one')!;
    const clash = await request(app)
      .put(`/admin/realms/platform/clients/${one.id}`)
      .set('Authorization', auth)
      .send({ clientId: 'two' });
    expect(clash.status).toBe(409);
    expect(clash.body).toEqual({ errorMessage: 'Client already exists' });
    await request(app)
      .put(`/admin/realms/platform/clients/${one.id}`)
      .set('Authorization', auth)
      .send({ clientId: 'three' })
      .expect(204);
    expect(store.findClient('platform', 'three')?.id).toBe(one.id);
  });
});
