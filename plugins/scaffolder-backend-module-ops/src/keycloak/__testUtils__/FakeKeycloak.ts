import { randomUUID } from 'node:crypto';
import { http, HttpResponse } from 'msw';

type StoredClient = Record<string, any> & { id: string; clientId: string };

function unsignedJwt(claims: Record<string, unknown>): string {
  const part = (v: unknown) =>
    Buffer.from(JSON.stringify(v)).toString('base64url');
  return `${part({ alg: 'RS256', typ: 'JWT' })}.${part(claims)}.c2lnbmF0dXJl`;
}

/**
 * The subset of Keycloak's token endpoint and Admin REST API the client action uses, as msw
 * handlers answering in Keycloak's wire format (status codes, error bodies, Location headers).
 */
export class FakeKeycloak {
  readonly realms = new Map<string, Map<string, StoredClient>>();
  /** `METHOD path?query` of every request, in order. */
  readonly requests: string[] = [];
  /** Bodies of client creations (POST .../clients). */
  readonly createdBodies: Record<string, any>[] = [];
  private readonly issued = new Set<string>();

  constructor(
    readonly baseUrl: string,
    readonly admin = {
      realm: 'master',
      clientId: 'ops-portal-admin',
      secret: 'admin-s3cret-value',
    },
  ) {
    this.realms.set(admin.realm, new Map());
  }

  /** Adds a realm; returns its client map. */
  addRealm(name: string): Map<string, StoredClient> {
    const clients = new Map<string, StoredClient>();
    this.realms.set(name, clients);
    return clients;
  }

  /** Adds an existing client to a realm. */
  addClient(
    realm: string,
    client: Omit<StoredClient, 'id'> & { id?: string },
  ): StoredClient {
    const stored = { id: client.id ?? randomUUID(), ...client } as StoredClient;
    this.realms.get(realm)!.set(stored.id, stored);
    return stored;
  }

  handlers() {
    const base = this.baseUrl;
    const authorized = (request: Request) =>
      this.issued.has(
        (request.headers.get('authorization') ?? '').replace(/^Bearer /, ''),
      );
    const unauthorized = () =>
      HttpResponse.json({ error: 'HTTP 401 Unauthorized' }, { status: 401 });
    const realmNotFound = () =>
      HttpResponse.json({ error: 'Realm not found.' }, { status: 404 });
    const log = (request: Request) => {
      const url = new URL(request.url);
      this.requests.push(`${request.method} ${url.pathname}${url.search}`);
    };

    return [
      http.post(
        `${base}/realms/:realm/protocol/openid-connect/token`,
        async ({ request, params }) => {
          log(request);
          if (!this.realms.has(String(params.realm))) {
            return HttpResponse.json(
              { error: 'Realm does not exist' },
              { status: 404 },
            );
          }
          const form = new URLSearchParams(await request.text());
          const basic = (request.headers.get('authorization') ?? '').replace(
            /^Basic /,
            '',
          );
          const [id, secret] = Buffer.from(basic, 'base64')
            .toString()
            .split(':');
          if (
            params.realm !== this.admin.realm ||
            decodeURIComponent(id ?? '') !== this.admin.clientId ||
            decodeURIComponent(secret ?? '') !== this.admin.secret
          ) {
            return HttpResponse.json(
              {
                error: 'unauthorized_client',
                error_description:
                  'Invalid client or Invalid client credentials',
              },
              { status: 401 },
            );
          }
          if (form.get('grant_type') !== 'client_credentials') {
            return HttpResponse.json(
              { error: 'unsupported_grant_type' },
              { status: 400 },
            );
          }
          const token = unsignedJwt({
            exp: Math.floor(Date.now() / 1000) + 300,
            azp: id,
            jti: randomUUID(),
          });
          this.issued.add(token);
          return HttpResponse.json({
            access_token: token,
            expires_in: 300,
            refresh_expires_in: 0,
            token_type: 'Bearer',
            'not-before-policy': 0,
            scope: 'profile email',
          });
        },
      ),
      http.get(`${base}/admin/realms/:realm/clients`, ({ request, params }) => {
        log(request);
        if (!authorized(request)) return unauthorized();
        const clients = this.realms.get(String(params.realm));
        if (!clients) return realmNotFound();
        const clientId = new URL(request.url).searchParams.get('clientId');
        return HttpResponse.json(
          [...clients.values()].filter(
            c => clientId === null || c.clientId === clientId,
          ),
        );
      }),
      http.post(
        `${base}/admin/realms/:realm/clients`,
        async ({ request, params }) => {
          log(request);
          if (!authorized(request)) return unauthorized();
          const clients = this.realms.get(String(params.realm));
          if (!clients) return realmNotFound();
          const body = (await request.json()) as Record<string, any>;
          this.createdBodies.push(body);
          if ([...clients.values()].some(c => c.clientId === body.clientId)) {
            return HttpResponse.json(
              { errorMessage: `Client ${body.clientId} already exists` },
              { status: 409 },
            );
          }
          const id = randomUUID();
          clients.set(id, {
            ...body,
            id,
            clientId: body.clientId,
            secret: `generated-${randomUUID()}`,
            protocolMappers: (body.protocolMappers ?? []).map((m: object) => ({
              id: randomUUID(),
              ...m,
            })),
          });
          return new HttpResponse(null, {
            status: 201,
            headers: {
              Location: `${base}/admin/realms/${params.realm}/clients/${id}`,
            },
          });
        },
      ),
      http.get(
        `${base}/admin/realms/:realm/clients/:id/client-secret`,
        ({ request, params }) => {
          log(request);
          if (!authorized(request)) return unauthorized();
          const client = this.realms
            .get(String(params.realm))
            ?.get(String(params.id));
          if (!client)
            return HttpResponse.json(
              { error: 'Could not find client' },
              { status: 404 },
            );
          return HttpResponse.json({ type: 'secret', value: client.secret });
        },
      ),
      http.post(
        `${base}/admin/realms/:realm/clients/:id/protocol-mappers/models`,
        async ({ request, params }) => {
          log(request);
          if (!authorized(request)) return unauthorized();
          const client = this.realms
            .get(String(params.realm))
            ?.get(String(params.id));
          if (!client)
            return HttpResponse.json(
              { error: 'Could not find client' },
              { status: 404 },
            );
          const mapper = {
            id: randomUUID(),
            ...((await request.json()) as object),
          };
          client.protocolMappers = [...(client.protocolMappers ?? []), mapper];
          return new HttpResponse(null, {
            status: 201,
            headers: {
              Location: `${base}/admin/realms/${params.realm}/clients/${params.id}/protocol-mappers/models/${mapper.id}`,
            },
          });
        },
      ),
    ];
  }
}
