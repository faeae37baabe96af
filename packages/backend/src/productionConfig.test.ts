import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigReader } from '@backstage/config';
import { loadConfig } from '@backstage/config-loader';

/**
 * The production configuration as the image loads it (app-config.yaml, then
 * app-config.production.yaml), with every `${VAR}` replaced by a marker, so the assertions see what
 * production keeps from the development file and what it replaces.
 */
async function productionConfig(): Promise<ConfigReader> {
  const root = resolve(__dirname, '../../..');
  const production = resolve(root, 'app-config.production.yaml');
  const names = new Set(
    [...readFileSync(production, 'utf8').matchAll(/\$\{(\w+)\}/g)].map(
      m => m[1],
    ),
  );
  const saved = { ...process.env };
  for (const name of names) process.env[name] = `env:${name}`;
  try {
    const { appConfigs } = await loadConfig({
      configRoot: root,
      configTargets: [
        { path: resolve(root, 'app-config.yaml') },
        { path: production },
      ],
    });
    return ConfigReader.fromConfigs(appConfigs);
  } finally {
    process.env = saved;
  }
}

describe('app-config.production.yaml', () => {
  let config: ConfigReader;
  beforeAll(async () => {
    config = await productionConfig();
  });

  it('lets the browser connect to the portal only', () => {
    expect(config.getStringArray('backend.csp.connect-src')).toEqual([
      "'self'",
    ]);
    const csp = config.getConfig('backend.csp');
    for (const key of csp.keys()) {
      const sources = csp.getOptionalStringArray(key) ?? [];
      expect({ key, sources }).toEqual({
        key,
        sources: sources.filter(s => !/^(https?:|\*)$/.test(s)),
      });
    }
  });

  it('puts the cache on Redis from REDIS_URL, where the development file keeps memory', async () => {
    expect(config.getString('backend.cache.store')).toBe('redis');
    expect(config.getString('backend.cache.connection')).toBe('env:REDIS_URL');
    expect(config.getString('backend.cache.redis.client.namespace')).toBe(
      'ops-portal',
    );
    const { appConfigs } = await loadConfig({
      configRoot: resolve(__dirname, '../../..'),
      configTargets: [{ path: resolve(__dirname, '../../../app-config.yaml') }],
    });
    expect(
      ConfigReader.fromConfigs(appConfigs).getString('backend.cache.store'),
    ).toBe('memory');
  });

  it('signs in through OIDC by verified email only, in the configured domain', () => {
    expect(config.getString('auth.environment')).toBe('production');
    const resolvers = config.getConfigArray(
      'auth.providers.oidc.production.signIn.resolvers',
    );
    expect(resolvers.map(r => r.getString('resolver'))).toEqual([
      'verifiedEmailMatchingUserEntityProfileEmail',
    ]);
    expect(resolvers[0].getStringArray('allowedDomains')).toEqual([
      'env:AUTH_EMAIL_DOMAIN',
    ]);
    expect(
      config.getBoolean(
        'auth.providers.guest.dangerouslyAllowOutsideDevelopment',
      ),
    ).toBe(false);
  });

  it('keeps no address or credential of the local platform', () => {
    // `sandbox` configures the local platform's own process (packages/sandbox), which production
    // does not run; every other key is read by the backend.
    const { sandbox: _localPlatformOnly, ...backendKeys } =
      config.get<Record<string, unknown>>();
    const text = JSON.stringify(backendKeys);
    expect(text).not.toMatch(/127\.0\.0\.1|localhost:7\d{3}/);
    expect(text).not.toMatch(/sandbox-[a-z-]*(token|secret)/);
  });
  it('gives the writers their own cluster and Argo CD tokens, apart from the read-only ones', () => {
    const cluster = config
      .getConfigArray('kubernetes.clusterLocatorMethods')[0]
      .getConfigArray('clusters')[0];
    const instance = config
      .getConfigArray('argocd.appLocatorMethods')[0]
      .getConfigArray('instances')[0];
    expect(cluster.getString('serviceAccountToken')).toBe(
      'env:K8S_SERVICE_ACCOUNT_TOKEN',
    );
    expect(instance.getString('token')).toBe('env:ARGOCD_TOKEN');
    const kubeWriters = config.getConfigArray('opsPortal.kubernetes.writers');
    expect(
      kubeWriters.map(w => [
        w.getString('cluster'),
        w.getString('serviceAccountToken'),
      ]),
    ).toEqual([['env:K8S_CLUSTER_NAME', 'env:K8S_WRITER_TOKEN']]);
    const argoWriters = config.getConfigArray('opsPortal.argocd.writers');
    expect(
      argoWriters.map(w => [w.getString('instance'), w.getString('token')]),
    ).toEqual([['env:ARGOCD_INSTANCE_NAME', 'env:ARGOCD_WRITER_TOKEN']]);
  });
});
