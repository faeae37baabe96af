import {
  KongPluginScope,
  KongPluginSummary,
  KongRouteSummary,
  KongTargetHealth,
  KongUpstreamSummary,
  kongPluginKeySettings,
} from '@internal/plugin-kong-common';
import { KongSource, KongSourceResult, KongTarget } from '../types';
import {
  AdminPlugin,
  AdminRoute,
  AdminService,
  KongAdminReads,
} from './KongAdminClient';

const HEALTH: Record<string, KongTargetHealth> = {
  HEALTHY: 'healthy',
  UNHEALTHY: 'unhealthy',
  DNS_ERROR: 'dns_error',
  HEALTHCHECKS_OFF: 'healthchecks_off',
};

/** Kong's `health` field (`HEALTHY`, `DNS_ERROR`, ...) as the card's health value. */
export function targetHealth(health: string | undefined): KongTargetHealth {
  return HEALTH[health ?? ''] ?? 'unknown';
}

function tagValue(service: AdminService, prefix: string): string | undefined {
  return service.tags
    ?.find(tag => tag.startsWith(`${prefix}:`))
    ?.slice(prefix.length + 1);
}

function routeSummary(
  route: AdminRoute,
  service: AdminService,
): KongRouteSummary {
  return {
    name: route.name ?? route.id,
    kongService: service.name ?? service.id,
    paths: route.paths ?? [],
    hosts: route.hosts ?? [],
    methods: route.methods ?? [],
    stripPath: route.strip_path ?? true,
    preserveHost: route.preserve_host ?? false,
    protocols: route.protocols ?? ['http', 'https'],
    // KIC tags the Kong service with the Kubernetes Service it came from.
    backend: {
      service: tagValue(service, 'k8s-name') ?? service.host,
      port: service.port ?? 80,
    },
  };
}

function pluginSummary(
  plugin: AdminPlugin,
  scope: KongPluginScope,
  appliesTo: string[],
): KongPluginSummary {
  return {
    name: plugin.instance_name ?? plugin.id,
    plugin: plugin.name,
    scope,
    appliesTo,
    enabled: plugin.enabled !== false,
    settings: kongPluginKeySettings(plugin.name, plugin.config),
    warnings: [],
  };
}

/**
 * Reads the entity's Kong configuration from the Kong Admin API: the services the entity names
 * (`ops-portal/kong-service`) or, by default, those KIC tagged with its namespace and
 * kubernetes-id; their routes; route, service and global plugins; and each service's upstream
 * with Kong's own target health. Independent reads run in parallel rounds: the services and the
 * global plugins; then each service's routes, its plugins and its upstream health; then the
 * plugins of each route. Given a client that caches the configuration objects
 * ({@link CachedKongAdminClient}), a repeated read costs one round trip (the upstream health).
 */
export class AdminApiKongSource implements KongSource {
  readonly kind = 'admin-api' as const;

  constructor(private readonly client: KongAdminReads) {}

  async read(target: KongTarget): Promise<KongSourceResult> {
    const warnings: string[] = [];
    const [services, globals] = await Promise.all([
      this.services(target, warnings),
      this.client.globalPlugins(),
    ]);
    // Upstream health needs only the services: it runs alongside the route and plugin reads.
    const [upstreams, perService] = await Promise.all([
      this.upstreams(services),
      Promise.all(
        services.map(async service => {
          const [routes, servicePlugins] = await Promise.all([
            this.client.serviceRoutes(service.id),
            this.client.servicePlugins(service.id),
          ]);
          const routePlugins = await Promise.all(
            routes.map(route => this.client.routePlugins(route.id)),
          );
          return { service, routes, servicePlugins, routePlugins };
        }),
      ),
    ]);

    const routes: KongRouteSummary[] = [];
    const plugins = new Map<string, KongPluginSummary>();
    for (const {
      service,
      routes: sr,
      servicePlugins,
      routePlugins,
    } of perService) {
      const summaries = sr.map(route => routeSummary(route, service));
      routes.push(...summaries);
      // `/services/{id}/plugins` also lists plugins on a route of the service, with `route` set.
      for (const plugin of servicePlugins.filter(p => !p.route)) {
        plugins.set(
          plugin.id,
          pluginSummary(
            plugin,
            'service',
            summaries.map(r => r.name),
          ),
        );
      }
      routePlugins.forEach((list, index) => {
        for (const plugin of list.filter(p => p.route)) {
          const existing = plugins.get(plugin.id);
          const appliesTo = [
            ...(existing?.appliesTo ?? []),
            summaries[index].name,
          ];
          plugins.set(plugin.id, pluginSummary(plugin, 'route', appliesTo));
        }
      });
    }
    for (const plugin of globals) {
      plugins.set(
        plugin.id,
        pluginSummary(
          plugin,
          'global',
          routes.map(r => r.name),
        ),
      );
    }
    return {
      routes,
      plugins: [...plugins.values()],
      upstreams,
      warnings,
    };
  }

  private async services(
    target: KongTarget,
    warnings: string[],
  ): Promise<AdminService[]> {
    if (target.kongServices.length > 0) {
      const found = await Promise.all(
        target.kongServices.map(async name => {
          const service = await this.client.service(name);
          if (!service) {
            warnings.push(`Kong has no service named ${name}`);
          }
          return service;
        }),
      );
      return found.filter((s): s is AdminService => Boolean(s));
    }
    const tags = [
      `k8s-namespace:${target.namespace}`,
      `k8s-name:${target.kubernetesId}`,
    ];
    const services = await this.client.servicesByTags(tags);
    if (services.length === 0) {
      warnings.push(
        `Kong has no service tagged ${tags.join(
          ' and ',
        )}; name the entity's Kong services in the ops-portal/kong-service annotation`,
      );
    }
    return services;
  }

  /** A service's `host` is its upstream's name when it has one (always, under KIC). */
  private async upstreams(
    services: AdminService[],
  ): Promise<KongUpstreamSummary[]> {
    const hosts = [...new Set(services.map(s => s.host))];
    const upstreams = await Promise.all(
      hosts.map(async (host): Promise<KongUpstreamSummary | undefined> => {
        const targets = await this.client.upstreamHealth(host);
        if (!targets) return undefined;
        return {
          name: host,
          healthSource: 'admin-api' as const,
          targets: targets.map(t => ({
            target: t.target,
            health: targetHealth(t.health),
          })),
        };
      }),
    );
    return upstreams.filter((u): u is KongUpstreamSummary => Boolean(u));
  }
}
