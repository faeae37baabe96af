import http from 'node:http';
import { AddressInfo } from 'node:net';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { UpstreamError } from '../errors/UpstreamError';
import { ArgoCdClient } from './ArgoCdClient';
import { argoCdApplicationPath } from './applicationPath';

describe('argoCdApplicationPath', () => {
  it.each([
    ['nginx-ab', '', '/api/v1/applications/nginx-ab'],
    ['nginx-ab', '/sync', '/api/v1/applications/nginx-ab/sync'],
    ['team.app', '', '/api/v1/applications/team.app'],
  ])('%s%s → %s', (name, suffix, path) => {
    expect(argoCdApplicationPath(name, suffix)).toBe(path);
  });

  it.each([
    '.',
    '..',
    '../settings',
    'a/b',
    'a%2Fb',
    'a?x=1',
    'a#b',
    'App',
    '',
    `${'a'.repeat(254)}`,
  ])('refuses %j', name => {
    expect(() => argoCdApplicationPath(name)).toThrow(InputError);
  });
});

type Answer = { status: number; body: unknown; delayMs?: number };
type Received = {
  method: string;
  url: string;
  authorization?: string;
  body: string;
};

/** An Argo CD stand-in on a loopback port: answers what the test set per `METHOD path?query`. */
class LoopbackArgoCd {
  readonly received: Received[] = [];
  readonly answers = new Map<string, Answer>();
  private readonly server = http.createServer((req, res) => {
    let body = '';
    req.on('data', chunk => {
      body += chunk;
    });
    req.on('end', () => {
      const key = `${req.method} ${req.url}`;
      this.received.push({
        method: req.method!,
        url: req.url!,
        authorization: req.headers.authorization,
        body,
      });
      const answer = this.answers.get(key) ?? {
        status: 500,
        body: { error: `no answer for ${key}` },
      };
      const send = () => {
        res.writeHead(answer.status, { 'Content-Type': 'application/json' });
        res.end(
          typeof answer.body === 'string'
            ? answer.body
            : JSON.stringify(answer.body),
        );
      };
      if (answer.delayMs) setTimeout(send, answer.delayMs).unref();
      else send();
    });
  });

  url = '';

  async start(): Promise<void> {
    await new Promise<void>(resolve =>
      this.server.listen(0, '127.0.0.1', resolve),
    );
    this.url = `http://127.0.0.1:${
      (this.server.address() as AddressInfo).port
    }`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise(resolve => this.server.close(resolve));
  }
}

/** A loopback port nothing listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise(resolve => server.close(resolve));
  return port;
}

const TOKEN = 'secret-token';
const grpcError = (status: number, message: string): Answer => ({
  status,
  body: { error: message, code: 3, message },
});
const manifest = (name: string) => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Application',
  metadata: { name },
  spec: { project: 'services', source: { path: `services/${name}` } },
});

describe('ArgoCdClient', () => {
  const argo = new LoopbackArgoCd();
  const warnings: string[] = [];
  const client = (timeoutMs = 2000, signal?: AbortSignal) =>
    new ArgoCdClient(
      { name: 'main', url: argo.url, token: TOKEN },
      {
        timeoutMs,
        signal,
        logger: { warn: (m: string) => warnings.push(m) } as any,
      },
    );

  beforeAll(() => argo.start());
  afterAll(() => argo.stop());
  beforeEach(() => {
    argo.received.length = 0;
    argo.answers.clear();
    warnings.length = 0;
  });

  /** The failure's message names the instance, never its URL or token. */
  const expectSafe = (error: Error) => {
    expect(error.message).not.toContain('127.0.0.1');
    expect(error.message).not.toContain(TOKEN);
  };

  it('reads an Application with the bearer token, in a project when one is given', async () => {
    const app = { metadata: { name: 'payments' }, spec: { project: 'x' } };
    argo.answers.set('GET /api/v1/applications/payments', {
      status: 200,
      body: app,
    });
    argo.answers.set('GET /api/v1/applications/payments?projects=a%20b', {
      status: 200,
      body: app,
    });
    await expect(client().getApplication('payments')).resolves.toEqual(app);
    await expect(
      client().getApplication('payments', { project: 'a b' }),
    ).resolves.toEqual(app);
    expect(argo.received.map(r => r.authorization)).toEqual([
      `Bearer ${TOKEN}`,
      `Bearer ${TOKEN}`,
    ]);
  });

  it('returns undefined for a missing Application (404), and fails on 403', async () => {
    argo.answers.set(
      'GET /api/v1/applications/payments?projects=default',
      grpcError(404, 'applications.argoproj.io "payments" not found'),
    );
    argo.answers.set(
      'GET /api/v1/applications/payments',
      grpcError(403, 'permission denied'),
    );
    await expect(
      client().getApplication('payments', { project: 'default' }),
    ).resolves.toBeUndefined();
    const error = await client()
      .getApplication('payments')
      .catch(e => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error.upstreamStatus).toBe(403);
    expect(error.message).toBe(
      "Argo CD 'main' answered 403 to GET /api/v1/applications/payments: permission denied",
    );
    expectSafe(error);
    expect(warnings).toEqual([
      `Argo CD 'main' at ${argo.url}: answered 403 to GET /api/v1/applications/payments: permission denied`,
    ]);
  });

  it('quotes an older error body that only has `error`, and a non-JSON one', async () => {
    argo.answers.set('POST /api/v1/applications?upsert=true', {
      status: 401,
      body: { error: 'invalid session' },
    });
    argo.answers.set('GET /api/v1/applications/payments', {
      status: 503,
      body: 'upstream connect error',
    });
    await expect(
      client().upsertApplication(manifest('payments')),
    ).rejects.toThrow(
      "Argo CD 'main' answered 401 to POST /api/v1/applications: invalid session",
    );
    await expect(client().getApplication('payments')).rejects.toThrow(
      "Argo CD 'main' answered 503 to GET /api/v1/applications/payments: upstream connect error",
    );
  });

  it('refuses an invalid name without sending a request', async () => {
    await expect(client().getApplication('..')).rejects.toThrow(InputError);
    await expect(client().syncApplication('a/../b')).rejects.toThrow(
      InputError,
    );
    await expect(
      client().createApplication(manifest('../settings')),
    ).rejects.toThrow(InputError);
    await expect(client().upsertApplication(manifest('A'))).rejects.toThrow(
      InputError,
    );
    expect(argo.received).toEqual([]);
  });

  it('creates without upsert, and reports a taken name as a conflict', async () => {
    argo.answers.set('POST /api/v1/applications', {
      status: 200,
      body: manifest('payments'),
    });
    await expect(
      client().createApplication(manifest('payments')),
    ).resolves.toMatchObject({ metadata: { name: 'payments' } });
    expect(JSON.parse(argo.received[0].body)).toEqual(manifest('payments'));

    for (const answer of [
      grpcError(
        400,
        'existing application spec is different, use upsert flag to force update',
      ),
      grpcError(409, 'application already exists'),
    ]) {
      argo.answers.set('POST /api/v1/applications', answer);
      const error = await client()
        .createApplication(manifest('payments'))
        .catch(e => e);
      expect(error).toBeInstanceOf(ConflictError);
      expect(error.message).toBe(
        "Argo CD 'main' already has an Application named 'payments'",
      );
    }
    argo.answers.set(
      'POST /api/v1/applications',
      grpcError(400, 'application spec is invalid'),
    );
    const invalid = await client()
      .createApplication(manifest('payments'))
      .catch(e => e);
    expect(invalid).toBeInstanceOf(UpstreamError);
    expect(invalid.upstreamStatus).toBe(400);
  });

  it('upserts with upsert=true', async () => {
    argo.answers.set('POST /api/v1/applications?upsert=true', {
      status: 200,
      body: manifest('payments'),
    });
    await client().upsertApplication(manifest('payments'));
    expect(argo.received.map(r => `${r.method} ${r.url}`)).toEqual([
      'POST /api/v1/applications?upsert=true',
    ]);
  });

  it('syncs with the options given, and reports a missing Application as not found', async () => {
    argo.answers.set('POST /api/v1/applications/nginx-ab/sync', {
      status: 200,
      body: { metadata: { name: 'nginx-ab' } },
    });
    await client().syncApplication('nginx-ab');
    await client().syncApplication('nginx-ab', {
      revision: 'abc123',
      prune: true,
      dryRun: false,
    });
    expect(argo.received.map(r => JSON.parse(r.body))).toEqual([
      {},
      { revision: 'abc123', prune: true, dryRun: false },
    ]);

    argo.answers.set(
      'POST /api/v1/applications/nginx-ab/sync',
      grpcError(404, 'not found'),
    );
    const error = await client()
      .syncApplication('nginx-ab')
      .catch(e => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toBe("Argo CD 'main' has no Application 'nginx-ab'");
  });

  describe('calls on one Application', () => {
    const app = {
      metadata: { name: 'nginx-ab' },
      spec: { project: 'services' },
    };
    const received = () => argo.received.map(r => `${r.method} ${r.url}`);

    it('reads an Application, and answers Argo CD refusals as errors of their kind', async () => {
      argo.answers.set('GET /api/v1/applications/nginx-ab', {
        status: 200,
        body: app,
      });
      await expect(client().requireApplication('nginx-ab')).resolves.toEqual(
        app,
      );

      argo.answers.set(
        'GET /api/v1/applications/gone?projects=services',
        grpcError(404, 'applications.argoproj.io "gone" not found'),
      );
      const missing = await client()
        .requireApplication('gone', { project: 'services' })
        .catch(e => e);
      expect(missing).toBeInstanceOf(NotFoundError);
      expect(missing.message).toBe("Argo CD 'main' has no Application 'gone'");

      // Without a project Argo CD answers 403 for a missing Application too; the message says so.
      argo.answers.set(
        'GET /api/v1/applications/gone',
        grpcError(403, 'permission denied'),
      );
      const denied = await client()
        .requireApplication('gone')
        .catch(e => e);
      expect(denied).toBeInstanceOf(NotAllowedError);
      expect(denied.message).toBe(
        "Argo CD 'main' refused to read Application 'gone': permission denied (Argo CD answers so for an Application that does not exist, too)",
      );

      argo.answers.set('GET /api/v1/applications/broken', {
        status: 500,
        body: { code: 2, message: 'repository not accessible' },
      });
      const broken = await client()
        .requireApplication('broken')
        .catch(e => e);
      expect(broken).toBeInstanceOf(UpstreamError);
      expect(broken.message).toBe(
        "Argo CD 'main' answered 500 to GET /api/v1/applications/broken: repository not accessible",
      );
    });

    it('hard-refreshes with its own timeout, longer than the client one', async () => {
      argo.answers.set(
        'GET /api/v1/applications/nginx-ab?refresh=hard&projects=services',
        { status: 200, body: app, delayMs: 150 },
      );
      await expect(
        client(50).refreshApplication('nginx-ab', {
          project: 'services',
          timeoutMs: 2000,
        }),
      ).resolves.toEqual(app);
      argo.answers.set('GET /api/v1/applications/nginx-ab?refresh=normal', {
        status: 200,
        body: app,
      });
      await client().refreshApplication('nginx-ab', { hard: false });
      expect(received()).toEqual([
        'GET /api/v1/applications/nginx-ab?refresh=hard&projects=services',
        'GET /api/v1/applications/nginx-ab?refresh=normal',
      ]);
    });

    it('syncs with prune, dry run and the project, and maps a running operation and a sync window', async () => {
      argo.answers.set('POST /api/v1/applications/nginx-ab/sync', {
        status: 200,
        body: { ...app, operation: { sync: { prune: true, dryRun: true } } },
      });
      await client().syncApplication('nginx-ab', {
        prune: true,
        dryRun: true,
        project: 'services',
      });
      expect(JSON.parse(argo.received[0].body)).toEqual({
        prune: true,
        dryRun: true,
        project: 'services',
      });

      argo.answers.set(
        'POST /api/v1/applications/nginx-ab/sync',
        grpcError(
          400,
          'error setting app operation: another operation is already in progress',
        ),
      );
      const running = await client()
        .syncApplication('nginx-ab', { project: 'services' })
        .catch(e => e);
      expect(running).toBeInstanceOf(ConflictError);
      expect(running.message).toBe(
        "Argo CD 'main' is already running an operation on Application 'nginx-ab'",
      );

      argo.answers.set(
        'POST /api/v1/applications/nginx-ab/sync',
        grpcError(403, 'cannot sync: blocked by sync window'),
      );
      const window = await client()
        .syncApplication('nginx-ab', { project: 'services' })
        .catch(e => e);
      expect(window).toBeInstanceOf(NotAllowedError);
      expect(window.message).toBe(
        "Argo CD 'main' refused to sync Application 'nginx-ab': cannot sync: blocked by sync window",
      );
    });

    it('rolls back by history id with POST, and maps the auto-sync refusal', async () => {
      argo.answers.set('POST /api/v1/applications/nginx-ab/rollback', {
        status: 200,
        body: app,
      });
      await client().rollbackApplication('nginx-ab', {
        id: 3,
        project: 'services',
      });
      expect(received()).toEqual([
        'POST /api/v1/applications/nginx-ab/rollback',
      ]);
      expect(JSON.parse(argo.received[0].body)).toEqual({
        id: 3,
        project: 'services',
      });

      argo.answers.set(
        'POST /api/v1/applications/nginx-ab/rollback',
        grpcError(
          400,
          'rollback cannot be initiated when auto-sync is enabled',
        ),
      );
      const automated = await client()
        .rollbackApplication('nginx-ab', { id: 3 })
        .catch(e => e);
      expect(automated).toBeInstanceOf(ConflictError);
      expect(automated.message).toBe(
        "Argo CD 'main' refused to roll back Application 'nginx-ab': rollback cannot be initiated when auto-sync is enabled",
      );

      argo.answers.set(
        'POST /api/v1/applications/nginx-ab/rollback',
        grpcError(
          400,
          'application argocd/nginx-ab does not have deployment with id 3',
        ),
      );
      const unknownId = await client()
        .rollbackApplication('nginx-ab', { id: 3 })
        .catch(e => e);
      expect(unknownId).toBeInstanceOf(UpstreamError);
      expect(unknownId.upstreamStatus).toBe(400);
    });

    it('terminates the operation with DELETE, and maps "no operation"', async () => {
      argo.answers.set(
        'DELETE /api/v1/applications/nginx-ab/operation?project=services',
        { status: 200, body: {} },
      );
      await expect(
        client().terminateOperation('nginx-ab', { project: 'services' }),
      ).resolves.toBeUndefined();
      argo.answers.set(
        'DELETE /api/v1/applications/nginx-ab/operation',
        grpcError(
          400,
          'Unable to terminate operation. No operation is in progress',
        ),
      );
      const idle = await client()
        .terminateOperation('nginx-ab')
        .catch(e => e);
      expect(idle).toBeInstanceOf(ConflictError);
      expect(idle.message).toBe(
        "Argo CD 'main' has no operation running on Application 'nginx-ab'",
      );
    });

    it('reads the metadata of a revision', async () => {
      const metadata = {
        author: 'Dev <dev@example.com>',
        date: '2026-01-02T10:00:00Z',
        message: 'Scale up',
      };
      argo.answers.set(
        'GET /api/v1/applications/nginx-ab/revisions/abc123/metadata?project=services',
        { status: 200, body: metadata },
      );
      await expect(
        client().getRevisionMetadata('nginx-ab', 'abc123', {
          project: 'services',
        }),
      ).resolves.toEqual(metadata);
    });
  });

  it('gives up after the request timeout', async () => {
    argo.answers.set('GET /api/v1/applications/slow?projects=p', {
      status: 200,
      body: {},
      delayMs: 2000,
    });
    const error = await client(50)
      .getApplication('slow', { project: 'p' })
      .catch(e => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error.message).toBe(
      "Argo CD 'main' did not answer within 50 ms (GET /api/v1/applications/slow)",
    );
  });

  it('stops when the caller cancels', async () => {
    argo.answers.set('GET /api/v1/applications/slow', {
      status: 200,
      body: {},
      delayMs: 2000,
    });
    const controller = new AbortController();
    const pending = client(5000, controller.signal)
      .getApplication('slow')
      .catch(e => e);
    setTimeout(() => controller.abort(), 20);
    expect((await pending).message).toBe(
      "Argo CD 'main' request was cancelled (GET /api/v1/applications/slow)",
    );
  });

  it('names the instance, not its URL or token, when Argo CD is unreachable', async () => {
    const unreachable = new ArgoCdClient(
      {
        name: 'main',
        url: `http://127.0.0.1:${await closedPort()}`,
        token: TOKEN,
      },
      { timeoutMs: 1000 },
    );
    const error = await unreachable.getApplication('nginx-ab').catch(e => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error.message).toBe(
      "Argo CD 'main' is unreachable (ECONNREFUSED) (GET /api/v1/applications/nginx-ab)",
    );
    expectSafe(error);
  });
});
