export interface Config {
  opsPortal?: {
    /**
     * The traffic editor's backend (`/api/traffic`): weights and resilience policy of an entity's
     * Istio VirtualService and DestinationRule. Git-managed objects are edited in the GitOps
     * repository of `opsPortal.gitops`; others in the cluster.
     */
    traffic?: {
      /**
       * Name of the cluster among `kubernetes.clusterLocatorMethods[type=config].clusters` that
       * runs the entities' Istio objects (its url, serviceAccountToken, skipTLSVerify and caData
       * are used).
       */
      cluster: string;
      /**
       * Name of the Argo CD instance among `argocd.appLocatorMethods[type=config].instances` that
       * syncs the GitOps repository (its url and token are used).
       */
      argocdInstance: string;
      /** Timeout of each Kubernetes and Argo CD request in milliseconds; default 5000. */
      timeoutMs?: number;
      /** Timeout of each git command (fetch, push) in milliseconds; default 30000. */
      gitTimeoutMs?: number;
      /**
       * Ask Argo CD to sync the Application right after a commit to the tracked branch, instead
       * of waiting for its next poll; default true. A failed sync request is a warning, not a
       * failed save.
       */
      syncAfterCommit?: boolean;
      /** API version of the Istio networking kinds the cluster serves; default `v1`. */
      istioApiVersion?: string;
      /** Progressive rollouts (`/api/traffic/rollouts`). */
      rollouts?: {
        /** How often the step loop looks at running rollouts, seconds; default 10. */
        tickSeconds?: number;
        /**
         * Shortest analysis interval a plan may ask for, seconds; default 30 (two scrapes of 15 s).
         * Lower it only where Prometheus scrapes more often (the local platform scrapes every 5 s).
         */
        minIntervalSeconds?: number;
        /** How long a written step may take to be live before the rollout pauses, seconds; default 600. */
        waitTimeoutSeconds?: number;
      };
    };
  };
}
