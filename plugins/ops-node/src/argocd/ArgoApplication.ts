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
  syncPolicy?: {
    /** Automated sync; Argo CD 3 also reads `enabled: false` as off. */
    automated?: { enabled?: boolean; [key: string]: unknown } | null;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

/** Who started an operation (`operation.initiatedBy`). @public */
export interface ArgoOperationInitiator {
  username?: string;
  automated?: boolean;
}

/** An Application's operation (`operation`, `status.operationState.operation`). @public */
export interface ArgoOperation {
  sync?: {
    revision?: string;
    prune?: boolean;
    dryRun?: boolean;
    syncStrategy?: {
      apply?: Record<string, unknown>;
      hook?: Record<string, unknown>;
    };
    [key: string]: unknown;
  };
  initiatedBy?: ArgoOperationInitiator;
  [key: string]: unknown;
}

/** One resource of `status.operationState.syncResult.resources`. @public */
export interface ArgoSyncResourceResult {
  group?: string;
  version?: string;
  kind?: string;
  namespace?: string;
  name?: string;
  status?: string;
  message?: string;
  hookType?: string;
  hookPhase?: string;
  syncPhase?: string;
}

/** `status.operationState`: the current or last operation. @public */
export interface ArgoOperationState {
  operation?: ArgoOperation;
  phase?: string;
  message?: string;
  syncResult?: {
    revision?: string;
    resources?: ArgoSyncResourceResult[];
    source?: ArgoApplicationSource;
  };
  startedAt?: string;
  finishedAt?: string;
  retryCount?: number;
}

/** One entry of `status.history`: a deployment Argo CD made. @public */
export interface ArgoRevisionHistory {
  id: number;
  revision?: string;
  deployedAt?: string;
  deployStartedAt?: string;
  source?: ArgoApplicationSource;
  sources?: ArgoApplicationSource[];
  /** Multi-source entries: one revision per source. */
  revisions?: string[];
  initiatedBy?: ArgoOperationInitiator;
}

/** `GET /api/v1/applications/{name}/revisions/{revision}/metadata`: a Git commit's metadata. @public */
export interface ArgoRevisionMetadata {
  author?: string;
  date?: string;
  tags?: string[];
  message?: string;
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
  /** The operation Argo CD was asked for and has not finished (cleared when it completes). */
  operation?: ArgoOperation | null;
  status?: {
    sync?: {
      status?: string;
      revision?: string;
      comparedTo?: Record<string, any>;
    };
    health?: { status?: string; message?: string };
    operationState?: ArgoOperationState;
    /** Oldest first; Argo CD appends each deployment. */
    history?: ArgoRevisionHistory[];
    conditions?: Array<{ type?: string; message?: string }>;
  };
}

/** An Application manifest to create or update: a name and a spec, other fields pass through. @public */
export interface ArgoApplicationManifest {
  metadata: { name: string; [key: string]: unknown };
  spec: Record<string, unknown>;
  [key: string]: unknown;
}
