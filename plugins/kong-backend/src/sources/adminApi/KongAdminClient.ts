import { InputError } from '@backstage/errors';
import { fetchUpstreamJson } from '@internal/plugin-ops-node';
import { isKongName } from '@internal/plugin-ops-common';

/** Kong 3.x Admin API objects, the fields the card reads. */
export interface AdminService {
  id: string;
  name?: string | null;
  host: string;
  port?: number;
  protocol?: string;
  tags?: string[] | null;
}

export interface AdminRoute {
  id: string;
  name?: string | null;
  paths?: string[] | null;
  hosts?: string[] | null;
  methods?: string[] | null;
  protocols?: string[] | null;
  strip_path?: boolean;
  preserve_host?: boolean;
  service?: { id: string } | null;
}

export interface AdminPlugin {
  id: string;
  name: string;
  enabled?: boolean;
  config?: Record<string, unknown>;
  route?: { id: string } | null;
  service?: { id: string } | null;
  consumer?: { id: string } | null;
  instance_name?: string | null;
}

export interface AdminTargetHealth {
  id?: string;
  target: string;
  health?: string;
  weight?: number;
}

type Page<T> = { data: T[]; next?: string | null };

/** A name or id as one encoded URL path segment; refuses `.`, `..`, `/`, `%`, `?`, `#`. */
function segment(value: string, what: string): string {
  if (!isKongName(value)) {
    throw new InputError(
      `'${value.slice(0, 100)}' is not a valid Kong ${what} name or id`,
    );
  }
  return encodeURIComponent(value);
}

// Paging bound: a Kong with more global plugins than this is not what the card is for.
const MAX_PAGES = 20;

/** Options of {@link KongAdminClient}. */
export interface KongAdminClientOptions {
  url: string;
  token?: string;
  tokenHeader: string;
  timeoutMs: number;
}

/** The Admin API reads of the Kong card, served by {@link KongAdminClient} or a cache in front of it. */
export type KongAdminReads = Pick<
  KongAdminClient,
  | 'servicesByTags'
  | 'service'
  | 'serviceRoutes'
  | 'servicePlugins'
  | 'routePlugins'
  | 'globalPlugins'
  | 'upstreamHealth'
>;

/**
 * A small read-only client of the Kong Admin API (3.x JSON shapes), each request with a timeout.
 * Names that go into a URL path are checked ({@link isKongName}) and encoded. Errors name the
 * Admin API (ops-node's `fetchUpstreamJson` and its `UpstreamError`, the URL kept apart for the
 * log; a body that is not JSON is one too); the token never appears.
 */
export class KongAdminClient {
  constructor(private readonly options: KongAdminClientOptions) {}

  /** Services carrying every tag, e.g. KIC's `k8s-namespace:<ns>` and `k8s-name:<svc>`. */
  servicesByTags(tags: string[]): Promise<AdminService[]> {
    return this.list(`/services?tags=${encodeURIComponent(tags.join(','))}`);
  }

  /** A service by name or id; undefined when Kong does not know it. */
  service(nameOrId: string): Promise<AdminService | undefined> {
    return this.get(`/services/${segment(nameOrId, 'service')}`, true);
  }

  serviceRoutes(serviceId: string): Promise<AdminRoute[]> {
    return this.list(`/services/${segment(serviceId, 'service')}/routes`);
  }

  servicePlugins(serviceId: string): Promise<AdminPlugin[]> {
    return this.list(`/services/${segment(serviceId, 'service')}/plugins`);
  }

  routePlugins(routeId: string): Promise<AdminPlugin[]> {
    return this.list(`/routes/${segment(routeId, 'route')}/plugins`);
  }

  /** Plugins on no route, service or consumer: they run on every request. */
  async globalPlugins(): Promise<AdminPlugin[]> {
    const all = await this.list<AdminPlugin>('/plugins');
    return all.filter(p => !p.route && !p.service && !p.consumer);
  }

  /** The upstream's targets with Kong's health; undefined when there is no such upstream. */
  async upstreamHealth(name: string): Promise<AdminTargetHealth[] | undefined> {
    // The name is a service's `host`: a hostname, or an IP address without upstream.
    if (!isKongName(name)) return undefined;
    const page = await this.get<Page<AdminTargetHealth>>(
      `/upstreams/${segment(name, 'upstream')}/health`,
      true,
    );
    return page?.data;
  }

  private async list<T>(path: string): Promise<T[]> {
    const items: T[] = [];
    let next: string | null | undefined = path;
    for (let page = 0; next && page < MAX_PAGES; page++) {
      const body: Page<T> | undefined = await this.get<Page<T>>(next, false);
      items.push(...(body?.data ?? []));
      next = body?.next;
    }
    return items;
  }

  private async get<T>(
    path: string,
    notFoundIsEmpty: boolean,
  ): Promise<T | undefined> {
    // `next` links are absolute paths on the Admin API (`/plugins?offset=...`).
    const url = `${this.options.url}${path.startsWith('/') ? '' : '/'}${path}`;
    const { token, tokenHeader, timeoutMs } = this.options;
    const { status, body } = await fetchUpstreamJson(url, {
      system: 'Kong Admin API',
      timeoutMs,
      headers: token ? { [tokenHeader]: token } : {},
      passStatuses: notFoundIsEmpty ? [404] : [],
      authHint: 'check opsPortal.kong.adminApi.token',
    });
    return status === 404 ? undefined : (body as T);
  }
}
