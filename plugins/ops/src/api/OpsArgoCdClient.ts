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

  constructor(options: OpsArgoCdClientOptions) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
    this.useNamespacedApps = Boolean(options.useNamespacedApps);
  }

  async serviceLocatorUrl(options: {
    appName?: string;
    appSelector?: string;
    appNamespace?: string;
  }): Promise<ServiceList> {
    if (options.appName) {
      return this.get(
        `/find/name/${encodeURIComponent(options.appName)}`,
        options,
      );
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
      `${this.instancePath(options.instance)}/applications/name/${encodeURIComponent(
        options.appName,
      )}`,
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
