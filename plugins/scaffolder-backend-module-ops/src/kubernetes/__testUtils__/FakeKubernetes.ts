import { http, HttpResponse } from 'msw';

type KubeObject = Record<string, any> & {
  metadata: {
    name: string;
    namespace?: string;
    resourceVersion?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
};

function status(code: number, reason: string, message: string) {
  return HttpResponse.json(
    {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message,
      reason,
      code,
    },
    { status: code },
  );
}

/**
 * Namespaces and Secrets of a Kubernetes API server as msw handlers, answering in the API's
 * wire format: `v1.Status` bodies for 401/404/409 and `resourceVersion` optimistic concurrency.
 */
export class FakeKubernetes {
  readonly namespaces = new Map<string, KubeObject>();
  readonly secrets = new Map<string, KubeObject>();
  /** `METHOD path` of every request, in order. */
  readonly requests: string[] = [];
  /** Bodies sent with POST and PUT, in order. */
  readonly bodies: KubeObject[] = [];
  /** When set, requests whose `METHOD path` matches answer 403 Forbidden. */
  forbid?: RegExp;
  private version = 100;

  constructor(readonly url: string, readonly token: string) {}

  /** Adds an object as if it had been created earlier; returns it. */
  seed(kind: 'Namespace' | 'Secret', object: KubeObject): KubeObject {
    const stored = {
      ...object,
      metadata: { ...object.metadata, resourceVersion: String(++this.version) },
    };
    if (kind === 'Namespace') this.namespaces.set(object.metadata.name, stored);
    else
      this.secrets.set(
        `${object.metadata.namespace}/${object.metadata.name}`,
        stored,
      );
    return stored;
  }

  handlers() {
    const base = `${this.url}/api/v1`;
    const guard = (request: Request) => {
      const line = `${request.method} ${new URL(request.url).pathname}`;
      this.requests.push(line);
      if (request.headers.get('authorization') !== `Bearer ${this.token}`) {
        return status(401, 'Unauthorized', 'Unauthorized');
      }
      if (this.forbid?.test(line)) {
        return status(
          403,
          'Forbidden',
          `forbidden: ${line} is not allowed for this service account`,
        );
      }
      return undefined;
    };
    const store = (object: KubeObject) => {
      object.metadata.resourceVersion = String(++this.version);
      return object;
    };

    return [
      http.get(`${base}/namespaces/:name`, ({ request, params }) => {
        const denied = guard(request);
        if (denied) return denied;
        const ns = this.namespaces.get(String(params.name));
        return ns
          ? HttpResponse.json(ns)
          : status(404, 'NotFound', `namespaces "${params.name}" not found`);
      }),
      http.post(`${base}/namespaces`, async ({ request }) => {
        const denied = guard(request);
        if (denied) return denied;
        const body = (await request.json()) as KubeObject;
        this.bodies.push(structuredClone(body));
        if (this.namespaces.has(body.metadata.name)) {
          return status(
            409,
            'AlreadyExists',
            `namespaces "${body.metadata.name}" already exists`,
          );
        }
        this.namespaces.set(body.metadata.name, store(body));
        return HttpResponse.json(body, { status: 201 });
      }),
      http.get(
        `${base}/namespaces/:ns/secrets/:name`,
        ({ request, params }) => {
          const denied = guard(request);
          if (denied) return denied;
          const secret = this.secrets.get(`${params.ns}/${params.name}`);
          return secret
            ? HttpResponse.json(secret)
            : status(404, 'NotFound', `secrets "${params.name}" not found`);
        },
      ),
      http.post(
        `${base}/namespaces/:ns/secrets`,
        async ({ request, params }) => {
          const denied = guard(request);
          if (denied) return denied;
          const body = (await request.json()) as KubeObject;
          this.bodies.push(structuredClone(body));
          if (!this.namespaces.has(String(params.ns))) {
            return status(
              404,
              'NotFound',
              `namespaces "${params.ns}" not found`,
            );
          }
          const key = `${params.ns}/${body.metadata.name}`;
          if (this.secrets.has(key)) {
            return status(
              409,
              'AlreadyExists',
              `secrets "${body.metadata.name}" already exists`,
            );
          }
          this.secrets.set(
            key,
            store({
              ...body,
              metadata: { ...body.metadata, namespace: String(params.ns) },
            }),
          );
          return HttpResponse.json(this.secrets.get(key), { status: 201 });
        },
      ),
      http.put(
        `${base}/namespaces/:ns/secrets/:name`,
        async ({ request, params }) => {
          const denied = guard(request);
          if (denied) return denied;
          const body = (await request.json()) as KubeObject;
          this.bodies.push(structuredClone(body));
          const key = `${params.ns}/${params.name}`;
          const current = this.secrets.get(key);
          if (!current)
            return status(
              404,
              'NotFound',
              `secrets "${params.name}" not found`,
            );
          if (
            body.metadata.resourceVersion !== current.metadata.resourceVersion
          ) {
            return status(
              409,
              'Conflict',
              `Operation cannot be fulfilled on secrets "${params.name}": the object has been modified; please apply your changes to the latest version and try again`,
            );
          }
          this.secrets.set(key, store(body));
          return HttpResponse.json(body);
        },
      ),
    ];
  }
}
