import type { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import type { ArgoCDApi } from '@roadiehq/backstage-plugin-argo-cd';

type AppList = Awaited<ReturnType<ArgoCDApi['listApps']>>;
type AppDetails = Awaited<ReturnType<ArgoCDApi['getAppDetails']>>;
type RevisionDetails = Awaited<ReturnType<ArgoCDApi['getRevisionDetails']>>;
type ServiceList = Exclude<
  Awaited<ReturnType<ArgoCDApi['serviceLocatorUrl']>>,
  Error
>;

/** Options of {@link OpsArgoCdClient}. @public */
export interface OpsArgoCdClientOptions {
  discoveryApi: DiscoveryApi;
  /** Carries the signed-in user's Backstage token to the backend. */
  fetchApi: FetchApi;
  /** Send `appNamespace` to the backend ("Applications in any namespace"). */
  useNamespacedApps?: boolean;
  /**
   * Names of the configured Argo CD instances (`argocd.appLocatorMethods[].instances[].name`). The
   * backend's lookup route answers "not found" when an instance is down; asking each instance
   * directly tells the two apart, so the card can say which instance failed and why.
   */
  instances?: string[];
}

/**
 * The Roadie Argo CD API served by the portal's own backend plugin (`argocd`, the Roadie Argo CD
 * backend with `argocd.appLocatorMethods`). The browser never talks to Argo CD and never holds an
 * Argo CD credential: every request goes to `/api/argocd/...` with the user's Backstage token.
 *
 * @public
 */
export class OpsArgoCdClient implements ArgoCDApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;
  private readonly useNamespacedApps: boolean;
  private readonly instances: string[];

  constructor(options: OpsArgoCdClientOptions) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
    this.useNamespacedApps = Boolean(options.useNamespacedApps);
    this.instances = options.instances ?? [];
  }

  async serviceLocatorUrl(options: {
    appName?: string;
    appSelector?: string;
    appNamespace?: string;
  }): Promise<ServiceList> {
    if (options.appName) {
      const found = await this.get<ServiceList>(
        `/find/name/${encodeURIComponent(options.appName)}`,
        options,
      );
      if (found.length > 0 || this.instances.length === 0) return found;
      await this.explainMissingApp(options.appName, options);
      return found;
    }
    if (options.appSelector) {
      return this.get(
        `/find/selector/${encodeURIComponent(options.appSelector)}`,
        options,
      );
    }
    throw new Error('Need to provide appName or appSelector');
  }

  async getAppDetails(options: {
    url: string;
    appName: string;
    appNamespace?: string;
    instance?: string;
  }): Promise<AppDetails> {
    return this.get(
      `${this.instancePath(
        options.instance,
      )}/applications/name/${encodeURIComponent(options.appName)}`,
      options,
    );
  }

  async getAppListDetails(options: {
    url: string;
    appSelector: string;
    appNamespace?: string;
    instance?: string;
  }): Promise<AppList> {
    return this.get(
      `${this.instancePath(
        options.instance,
      )}/applications/selector/${encodeURIComponent(options.appSelector)}`,
      options,
    );
  }

  async getRevisionDetails(options: {
    url: string;
    app: string;
    appNamespace?: string;
    revisionID: string;
    instanceName?: string;
  }): Promise<RevisionDetails> {
    return this.get(
      `${this.instancePath(
        options.instanceName,
      )}/applications/name/${encodeURIComponent(
        options.app,
      )}/revisions/${encodeURIComponent(options.revisionID)}/metadata`,
      options,
    );
  }

  async listApps(_options: {
    url: string;
    appSelector?: string;
    appNamespace?: string;
    projectName?: string;
  }): Promise<AppList> {
    // Listing goes straight to an Argo CD instance in the Roadie client (through a shared-token
    // proxy); the portal only supports the per-instance routes of the backend.
    throw new Error(
      'Listing Argo CD applications by project is not supported; annotate the entity with argocd/app-name or argocd/app-selector',
    );
  }

  /**
   * Asks every configured instance for the application and throws when none of them could answer,
   * naming each instance and its error (e.g. connection refused); an instance that answers
   * "not found" means the application genuinely does not exist.
   */
  private async explainMissingApp(
    appName: string,
    options: { appNamespace?: string },
  ): Promise<void> {
    const failures: string[] = [];
    for (const instance of this.instances) {
      try {
        await this.get(
          `${this.instancePath(
            instance,
          )}/applications/name/${encodeURIComponent(appName)}`,
          options,
        );
        return;
      } catch (e) {
        if (e instanceof ResponseError && e.response.status === 404) return;
        const cause =
          e instanceof ResponseError ? e.body.error.message : String(e);
        failures.push(`${instance}: ${cause}`);
      }
    }
    throw new Error(
      `Argo CD could not be reached for application ${appName} (${failures.join(
        '; ',
      )})`,
    );
  }

  private instancePath(instance: string | undefined): string {
    if (!instance) {
      throw new Error('No Argo CD instance was found for this application');
    }
    return `/argoInstance/${encodeURIComponent(instance)}`;
  }

  private async get<T>(
    path: string,
    options: { appNamespace?: string },
  ): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('argocd');
    const query =
      this.useNamespacedApps && options.appNamespace
        ? `?appNamespace=${encodeURIComponent(options.appNamespace)}`
        : '';
    const response = await this.fetchApi.fetch(`${baseUrl}${path}${query}`);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
