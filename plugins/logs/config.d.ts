export interface Config {
  opsPortal?: {
    logs?: {
      /**
       * Kibana for the Logs card's Discover links. Nothing here is a secret: the browser builds
       * the links and opens Kibana with the user's own Kibana session.
       * @deepVisibility frontend
       */
      kibana?: {
        /** Kibana's base URL, e.g. `https://kibana.example.com`. */
        baseUrl: string;
        /** The data view Discover opens; an entity's `ops-portal/kibana-data-view` annotation overrides it. */
        dataViewId: string;
        /**
         * Where the log documents keep what the card filters on. Defaults: Fluentd's kubernetes
         * metadata fields and Kong's tcp-log fields (see the plugin README).
         */
        fields?: {
          /** Default `kubernetes.namespace_name`. */
          namespace?: string;
          /** Default `kubernetes.pod_name`. */
          pod?: string;
          /** Default `kubernetes.container_name`. */
          container?: string;
          /** The pod label whose value is the kubernetes-id. Default `kubernetes.labels.app`. */
          app?: string;
          /** Default `level`. */
          level?: string;
          /** The log line. Default `log`. */
          message?: string;
          /** Levels that count as errors. Default `[error, fatal, critical]`. */
          errorLevels?: string[];
          /** HTTP status field of application logs; adds `status >= errorStatusFrom` to "errors only". */
          httpStatus?: string;
          /** Default 500. */
          errorStatusFrom?: number;
          /** Default `route.name`. */
          kongRoute?: string;
          /** Default `service.name`. */
          kongService?: string;
          /** Default `response.status`. */
          kongStatus?: string;
          /** Default `request.method`. */
          kongMethod?: string;
          /** Default `request.uri`. */
          kongUri?: string;
        };
      };
    };
  };
}
