import type { KubeConfig, KubernetesObject } from '@kubernetes/client-node';
import { kubeApiRequest } from '@internal/platform-contracts';
import { RenderedObject } from './helmCli';

// `require`, not `import()`: Jest runs dynamic imports only with --experimental-vm-modules.
const clientNode = (): typeof import('@kubernetes/client-node') =>
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('@kubernetes/client-node');

/** The field manager of the chart's server-side applies. */
export const FIELD_MANAGER = 'ops-portal-chart-check';

/**
 * A KubeConfig for a local API server: bearer token, no TLS verification (its certificate is
 * self-signed), optionally impersonating a user (the token's user must be allowed to).
 */
export function kubeConfigFor(
  url: string,
  token: string,
  impersonateUser?: string,
): KubeConfig {
  const { KubeConfig } = clientNode();
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'target', server: url, skipTLSVerify: true }],
    users: [{ name: 'user', token, impersonateUser }],
    contexts: [{ name: 'target', cluster: 'target', user: 'user' }],
    currentContext: 'target',
  });
  return kc;
}

/** What the API server answered for one applied object. */
export interface AppliedObject {
  rendered: RenderedObject;
  live: any;
}

/**
 * Server-side apply of every object, in order: PATCH with `application/apply-patch+yaml`, the
 * field manager {@link FIELD_MANAGER} and `force` (re-acquire fields another manager holds).
 * Each object goes through the client's `loadYaml` first: `patch` serializes a built-in kind
 * through its typed model, which names some fields differently (a NetworkPolicy rule's `from` is
 * `_from`), so a plain object would lose them on the way (an ingress rule without `from` admits
 * every peer). Throws naming the object and the API server's message when one is refused.
 */
export async function serverSideApply(
  kc: KubeConfig,
  objects: RenderedObject[],
): Promise<AppliedObject[]> {
  const { KubernetesObjectApi, PatchStrategy, loadYaml } = clientNode();
  const client = KubernetesObjectApi.makeApiClient(kc);
  const applied: AppliedObject[] = [];
  for (const rendered of objects) {
    try {
      const live = await client.patch(
        loadYaml<KubernetesObject>(JSON.stringify(rendered)),
        undefined,
        undefined,
        FIELD_MANAGER,
        true,
        PatchStrategy.ServerSideApply,
      );
      applied.push({ rendered, live });
    } catch (error: any) {
      const body =
        typeof error?.body === 'string'
          ? error.body
          : JSON.stringify(error?.body);
      throw new Error(
        `server-side apply of ${rendered.kind} ${
          rendered.metadata.namespace ? `${rendered.metadata.namespace}/` : ''
        }${rendered.metadata.name} refused: ${error?.code ?? ''} ${
          body ?? error
        }`,
      );
    }
  }
  return applied;
}

/**
 * Reads an object back as the API server stores it, in its JSON field names (the typed models of
 * `@kubernetes/client-node` rename some, e.g. `from` to `_from`, and drop fields they do not
 * know). The resource path comes from the API server's discovery.
 */
export async function readRaw(
  url: string,
  token: string,
  object: RenderedObject,
): Promise<any> {
  const groupVersion = object.apiVersion.includes('/')
    ? `/apis/${object.apiVersion}`
    : `/api/${object.apiVersion}`;
  const discovery = await kubeApiRequest(url, { path: groupVersion, token });
  const resource = (discovery.body?.resources ?? []).find(
    (r: any) => r.kind === object.kind && !r.name.includes('/'),
  );
  if (!resource) {
    throw new Error(`${object.apiVersion} ${object.kind} is not served`);
  }
  const scope = resource.namespaced
    ? `/namespaces/${object.metadata.namespace}`
    : '';
  const res = await kubeApiRequest(url, {
    path: `${groupVersion}${scope}/${resource.name}/${object.metadata.name}`,
    token,
  });
  if (res.status !== 200) {
    throw new Error(
      `GET ${object.kind} ${object.metadata.name}: ${res.status} ${res.text}`,
    );
  }
  return res.body;
}

/** Reads an object back from the API server. */
export async function readLive(
  kc: KubeConfig,
  object: RenderedObject,
): Promise<any> {
  const { KubernetesObjectApi } = clientNode();
  return KubernetesObjectApi.makeApiClient(kc).read({
    apiVersion: object.apiVersion,
    kind: object.kind,
    metadata: {
      name: object.metadata.name,
      namespace: object.metadata.namespace,
    },
  });
}

/**
 * The paths of the rendered object whose value the live object does not hold: a field dropped on
 * the way (a client model that does not know it, a CRD schema that prunes it) or changed by the
 * server. Leaves are compared as strings, so `port: 80` and `"80"` count as the same.
 */
export function fieldsNotKept(
  rendered: unknown,
  live: unknown,
  at = '',
): string[] {
  if (rendered === null || rendered === undefined) return [];
  if (Array.isArray(rendered)) {
    if (!Array.isArray(live)) return [at || '/'];
    return rendered.flatMap((item, i) =>
      fieldsNotKept(item, live[i], `${at}[${i}]`),
    );
  }
  if (typeof rendered === 'object') {
    if (typeof live !== 'object' || live === null || Array.isArray(live)) {
      return [at || '/'];
    }
    return Object.entries(rendered as Record<string, unknown>).flatMap(
      ([key, value]) =>
        fieldsNotKept(
          value,
          (live as Record<string, unknown>)[key],
          `${at}.${key}`,
        ),
    );
  }
  return String(rendered) === String(live) ? [] : [at];
}
