export interface Config {
  opsPortal?: {
    /**
     * The entity reads shared by the ops backends of one process (`opsEntityCacheServiceRef`):
     * the cards of one Ops tab load read the entity from the catalog once.
     */
    entityCache?: {
      /** How long a read entity is reused, per caller. Default 5; 0 shares only reads in flight. */
      ttlSeconds?: number;
    };
    /**
     * The GitOps repository Argo CD syncs from: the new-service template publishes to it, the
     * traffic editor commits to it. Read by `readGitOpsConfig`.
     */
    gitops?: {
      /** Clone URL, e.g. https://git.example.com/platform/gitops.git */
      repoUrl: string;
      /** Branch Argo CD tracks. Default `main`. */
      branch?: string;
      /**
       * `commit`: push the service's files to `branch`.
       * `branch`: push them to `scaffolder/<service>` for a pull request; Argo CD picks them up after merge.
       * Default `commit`.
       */
      publishMode?: 'commit' | 'branch';
      /**
       * URL of a file in the repository as the catalog reads it, with `{branch}` and `{path}`
       * placeholders, e.g. https://github.com/acme/gitops/blob/{branch}/{path}
       */
      fileUrlTemplate: string;
      /**
       * Web page of one commit, with a {sha} placeholder, e.g.
       * https://github.com/acme/gitops/commit/{sha}: the Argo CD card links the revert commit of
       * a rollback. Optional; without it the card shows the short SHA.
       */
      commitUrlTemplate?: string;
      /** Commit author. */
      author?: { name: string; email: string };
      /**
       * HTTP credentials for push (username + token). Omit for an unauthenticated server.
       * @visibility secret
       */
      token?: string;
      /** Username sent with the token. Default `x-access-token`. */
      username?: string;
    };
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
