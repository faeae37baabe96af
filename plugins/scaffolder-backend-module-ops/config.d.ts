export interface Config {
  /** Settings of the ops portal's new-service template and its scaffolder actions. */
  opsPortal?: {
    /** The Keycloak that service clients are created in. */
    keycloak?: {
      /** Base URL of the Keycloak server, e.g. https://keycloak.example.com */
      baseUrl: string;
      /** Realm the service clients are created in. */
      realm: string;
      /** Realm of the admin credentials below. Default `master`. */
      adminRealm?: string;
      /** Admin client id (client_credentials grant) with the realm-management `manage-clients` role. */
      clientId: string;
      /**
       * Its secret.
       * @visibility secret
       */
      clientSecret: string;
      /**
       * Issuer URL as the Kong data plane reaches it (OIDC discovery), when it differs from
       * `<baseUrl>/realms/<realm>`.
       */
      issuerUrl?: string;
      /**
       * Where a new client's secret goes. `kubernetes`: a Secret created through the Kubernetes API
       * in the service's namespace. `external-secret`: an ExternalSecret manifest in Git that points
       * at `externalSecretStore`; the secret itself must be written to that store out of band.
       * Default `kubernetes`.
       */
      secretDelivery?: 'kubernetes' | 'external-secret';
      /** The (Cluster)SecretStore name for `external-secret` delivery. */
      externalSecretStore?: string;
      /** Timeout of each Keycloak call, in milliseconds. Default 10000. */
      timeoutMs?: number;
    };
    /** Settings of the rendered manifests. */
    scaffolder?: {
      /**
       * Name of a cluster in `kubernetes.clusterLocatorMethods` (type config) that receives
       * Secrets; the render step reads its namespaces and Ingresses with that cluster's credential.
       */
      cluster: string;
      /** Name of an instance in `argocd.appLocatorMethods` that receives the Application. */
      argocdInstance: string;
      /**
       * Argo CD project of new Applications: a restricted AppProject such as
       * deploy/argocd/appproject-services.yaml. Default `default`, which is refused unless
       * `allowDefaultProject` is true.
       */
      argocdProject?: string;
      /**
       * Allows Argo CD's unrestricted `default` project as `argocdProject`. For local development
       * against the sandbox only. Default false.
       */
      allowDefaultProject?: boolean;
      /**
       * Namespaces a new service may not be created in. Default: default, kube-system,
       * kube-public, kube-node-lease, argocd, istio-system, kong, keycloak, iam, logging, logs.
       */
      deniedNamespaces?: string[];
      /** Image registries (prefixes such as `ghcr.io/acme/`) new services may pull from. */
      allowedImageRegistries: string[];
      /** Fluentd endpoint for Kong's tcp-log plugin. */
      fluentd?: { host: string; port: number };
      /** Host name Kong serves the routes on; omit to match any host. */
      routeHost?: string;
      /**
       * Public base URL of the Kong proxy, e.g. https://api.example.com. Route links and the Keycloak
       * client's redirect URIs are this + the route path. Default `https://<routeHost>`.
       */
      gatewayUrl?: string;
    };
  };
}
