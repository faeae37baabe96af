export interface Config {
  opsPortal?: {
    /**
     * The Ops tab's Argo CD actions (`/api/argocd-actions`): sync, hard refresh, cancel and
     * rollback of an entity's Application. The instance's URL and read-only token come from
     * `argocd.appLocatorMethods`, its writer token from `opsPortal.argocd.writers`, the GitOps
     * repository of Git rollbacks from `opsPortal.gitops`. Every key is optional.
     */
    argocdActions?: {
      /**
       * Name of the Argo CD instance among `argocd.appLocatorMethods[type=config].instances`;
       * default the only one configured.
       */
      argocdInstance?: string;
      /** Timeout of each Argo CD request in milliseconds; default 5000. */
      timeoutMs?: number;
      /**
       * Timeout of a hard refresh in milliseconds (Argo CD answers once the manifests are
       * regenerated); default 30000.
       */
      refreshTimeoutMs?: number;
      /** Timeout of each git command (fetch, push) of a Git rollback in milliseconds; default 30000. */
      gitTimeoutMs?: number;
    };
  };
}
