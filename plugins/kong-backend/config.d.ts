export interface Config {
  opsPortal?: {
    /** The Kong card's backend (`/api/kong`). */
    kong?: {
      /**
       * Where Kong's configuration is read: the Kong Ingress Controller resources in the cluster
       * (default) or the Kong Admin API.
       */
      source?: 'kubernetes' | 'admin-api';
      /**
       * Name of the cluster among `kubernetes.clusterLocatorMethods[type=config].clusters`
       * (source `kubernetes`).
       */
      cluster?: string;
      /** Ingress class Kong serves; default `kong`. */
      ingressClass?: string;
      /**
       * How the Kong Ingress Controller names routes and services (the prometheus plugin's
       * `route` and `service` labels): `kic2` (default; `<ns>.<svc>.pnum-<port>`, route
       * `<ns>.<ingress>.<rule><path>`) or `kic3` (combined routes, `<ns>.<svc>.<port>`).
       */
      kicNaming?: 'kic2' | 'kic3';
      /** Timeout of each Kubernetes API request in milliseconds; default 5000. */
      timeoutMs?: number;
      /**
       * Number of Kong proxy nodes; a rate limit with `policy: local` counts per node when it is
       * more than one.
       */
      proxyReplicas?: number;
      /**
       * The Kong proxy Deployment as `<namespace>/<name>` (source `kubernetes`): its ready
       * replicas are the number of Kong nodes, taking precedence over `proxyReplicas`.
       */
      proxyDeployment?: string;
      /**
       * How long a read of the cluster or the Admin API is served from Backstage's cache (shared by
       * every replica: Redis in production), in seconds; 0 turns it off. Default 15.
       */
      cacheTtlSeconds?: number;
      /** The Kong Admin API (source `admin-api`). */
      adminApi?: {
        /** Base URL, e.g. `http://kong-admin.kong:8001`; required with source `admin-api`. */
        url?: string;
        /**
         * Token sent in `tokenHeader`.
         * @visibility secret
         */
        token?: string;
        /** Header that carries the token; default `Kong-Admin-Token`. */
        tokenHeader?: string;
        /** Timeout of each request in milliseconds; default 5000. */
        timeoutMs?: number;
        /**
         * How long Kong's services, routes and plugins, once read, are served from Backstage's
         * cache, in seconds; 0 turns it off. Upstream health is always read from Kong, so a read of
         * a known service costs one round trip. Default 60.
         */
        configCacheTtlSeconds?: number;
      };
    };
  };
}
