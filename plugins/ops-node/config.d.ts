export interface Config {
  opsPortal?: {
    /**
     * Credentials of the portal's cluster writers (the scaffolder's namespace and Secret writes,
     * the traffic editor's direct writes). The `serviceAccountToken` of
     * `kubernetes.clusterLocatorMethods` is the read-only one (Kubernetes cards, Kong source).
     */
    kubernetes?: {
      writers?: Array<{
        /** Name of a cluster among `kubernetes.clusterLocatorMethods[type=config].clusters`. */
        cluster: string;
        /**
         * Token of the writer service account (see deploy/rbac).
         * @visibility secret
         */
        serviceAccountToken: string;
      }>;
    };
    /**
     * Credentials of the portal's Argo CD writers (the scaffolder's Application create, the traffic
     * editor's sync). The `token` of `argocd.appLocatorMethods` is the read-only one (Argo CD cards).
     */
    argocd?: {
      writers?: Array<{
        /** Name of an instance among `argocd.appLocatorMethods[type=config].instances`. */
        instance: string;
        /**
         * API token of the writer account (`ops-portal-writer`, see deploy/rbac).
         * @visibility secret
         */
        token: string;
      }>;
    };
  };
}
