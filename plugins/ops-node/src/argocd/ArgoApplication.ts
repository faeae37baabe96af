/** A source of an Argo CD Application. @public */
export interface ArgoApplicationSource {
  repoURL?: string;
  path?: string;
  targetRevision?: string;
  directory?: { recurse?: boolean };
  [key: string]: unknown;
}

/** The spec of an Argo CD Application (the fields the portal reads; others pass through). @public */
export interface ArgoApplicationSpec {
  project?: string;
  source?: ArgoApplicationSource;
  sources?: ArgoApplicationSource[];
  destination?: { server?: string; name?: string; namespace?: string };
  syncPolicy?: { automated?: Record<string, unknown> | null };
  [key: string]: unknown;
}

/** An Argo CD Application as the API returns it. @public */
export interface ArgoApplication {
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec?: ArgoApplicationSpec;
  status?: {
    sync?: {
      status?: string;
      revision?: string;
      comparedTo?: Record<string, any>;
    };
    health?: { status?: string; message?: string };
    operationState?: { phase?: string; message?: string };
    conditions?: Array<{ type?: string; message?: string }>;
  };
}

/** An Application manifest to create or update: a name and a spec, other fields pass through. @public */
export interface ArgoApplicationManifest {
  metadata: { name: string; [key: string]: unknown };
  spec: Record<string, unknown>;
  [key: string]: unknown;
}
