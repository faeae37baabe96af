/**
 * The traffic model of an entity's Istio objects: route weights per DestinationRule subset on
 * the VirtualService's editable HTTP route, and the resilience settings around them. Every
 * value mirrors an Istio field (networking.istio.io/v1); durations are Istio duration strings.
 */

/** One destination of the editable route. @public */
export interface SubsetWeight {
  subset: string;
  /** Integer percentage; all weights of the route sum to 100. */
  weight: number;
}

/** `http[].fault` of the editable route. @public */
export interface FaultPolicy {
  delay?: { fixedDelay: string; percentage: number };
  abort?: { httpStatus: number; percentage: number };
}

/** `http[].retries` of the editable route. @public */
export interface RetryPolicy {
  attempts: number;
  perTryTimeout?: string;
  /** Comma-separated Envoy retry conditions (e.g. `5xx,connect-failure`). */
  retryOn?: string;
}

/** `trafficPolicy.outlierDetection` of the DestinationRule. @public */
export interface OutlierDetectionPolicy {
  consecutive5xxErrors?: number;
  consecutiveGatewayErrors?: number;
  interval?: string;
  baseEjectionTime?: string;
  maxEjectionPercent?: number;
}

/** Resilience settings; an absent field means the setting is not configured. @public */
export interface ResiliencePolicy {
  fault?: FaultPolicy;
  retries?: RetryPolicy;
  /** `http[].timeout` of the editable route. */
  timeout?: string;
  outlierDetection?: OutlierDetectionPolicy;
  /** `trafficPolicy.loadBalancer.consistentHash.httpHeaderName` of the DestinationRule. */
  consistentHashHeader?: string;
}

/** Everything the traffic editor reads and writes. @public */
export interface TrafficPolicy {
  weights: SubsetWeight[];
  resilience: ResiliencePolicy;
}

/** Which parts of a policy a change touches; each part has its own permission. @public */
export interface TrafficChange {
  weights: boolean;
  resilience: boolean;
}

/** A DestinationRule subset with its pods. @public */
export interface SubsetStatus {
  name: string;
  labels: Record<string, string>;
  readyPods: number;
  totalPods: number;
}

/** How a save reaches the cluster. @public */
export type TrafficManagement =
  | {
      mode: 'git';
      /** The Argo CD Application whose source holds the files. */
      argoCdApp: string;
      repoUrl: string;
      branch: string;
      /** Repository paths of the files holding the VirtualService and DestinationRule. */
      files: { virtualService: string; destinationRule: string };
      /**
       * `commit` pushes to the tracked branch; `branch` pushes a review branch for a pull request
       * (the same modes as `opsPortal.gitops.publishMode`).
       */
      publishMode: 'commit' | 'branch';
      /** The branch head the desired state was read at. */
      revision: string;
    }
  | { mode: 'direct' };

/** `GET /state`: the live and desired traffic state of an entity. @public */
export interface TrafficState {
  entityRef: string;
  namespace: string;
  virtualService: { name: string; resourceVersion: string };
  destinationRule: { name: string; resourceVersion: string };
  /** The DestinationRule host the weights route to. */
  host: string;
  /** Index of the editable route in `spec.http`. */
  routeIndex: number;
  subsets: SubsetStatus[];
  /** What the cluster runs now. */
  live: TrafficPolicy;
  /** What Git asks for (git mode) or the live policy (direct mode). */
  desired: TrafficPolicy;
  /** `pending` while the live objects do not yet match the desired state. */
  sync: 'synced' | 'pending';
  management: TrafficManagement;
  /** Opaque token of the state an edit is based on; a save with a stale one is a conflict. */
  version: string;
}

/** `POST /preview` and `PUT /policy` body. @public */
export interface TrafficSaveRequest {
  entityRef: string;
  policy: TrafficPolicy;
  /** The {@link TrafficState.version} the edit started from. */
  baseVersion: string;
  /** Move weight to subsets without ready pods anyway; recorded in the audit event. */
  force?: boolean;
}

/** One changed file (git mode) or object (direct mode) in a preview. @public */
export interface TrafficDiffFile {
  /** Repository path (git mode) or `<Kind>/<name>` (direct mode). */
  path: string;
  before: string;
  after: string;
}

/** `POST /preview` response. @public */
export interface TrafficPreview {
  mode: TrafficManagement['mode'];
  change: TrafficChange;
  files: TrafficDiffFile[];
}

/** `PUT /policy` response. @public */
export interface TrafficSaveResult {
  /** `unchanged` when the request equals the desired state (an idempotent repeat). */
  outcome: 'committed' | 'branch-pushed' | 'written' | 'unchanged';
  mode: TrafficManagement['mode'];
  /** The pushed commit (git mode). */
  commit?: string;
  /** The review branch pushed in `branch` publish mode. */
  branch?: string;
  state: TrafficState;
}

/** Body of a 409 from `PUT /policy`: the state that won, to show instead of the edit. @public */
export interface TrafficConflict {
  error: { name: 'ConflictError'; message: string };
  current: TrafficState;
}

/** Why an entity has no traffic editor. @public */
export type TrafficNotConfiguredReason =
  /** The annotation is missing (only `backstage.io/kubernetes-id` is required). */
  | 'missing-annotation'
  /** The annotation's value is not a valid Kubernetes name. */
  | 'invalid-annotation'
  /** The VirtualService or DestinationRule the annotation names (or defaults to) does not exist. */
  | 'object-not-found'
  /** The VirtualService has no HTTP route to the DestinationRule's host. */
  | 'no-route';

/**
 * `GET /state` body (200) for an entity whose traffic the editor cannot show: the frontend shows
 * an empty state naming `annotation`, the one to add or fix.
 * @public
 */
export interface TrafficNotConfigured {
  notConfigured: {
    reason: TrafficNotConfiguredReason;
    annotation: string;
    message: string;
  };
}

/** Any `GET /state` (200) body. @public */
export type TrafficStateResponse = TrafficState | TrafficNotConfigured;

/** True when a `GET /state` body says the entity has no traffic configuration. @public */
export function isTrafficNotConfigured(
  value: unknown,
): value is TrafficNotConfigured {
  const detail = (value as { notConfigured?: unknown } | null)?.notConfigured;
  return typeof detail === 'object' && detail !== null;
}

/**
 * `PUT /policy` body: the save result plus warnings of the steps after the write that do not fail
 * a save (e.g. the Argo CD sync request).
 * @public
 */
export type TrafficSaveResponse = TrafficSaveResult & { warnings: string[] };
