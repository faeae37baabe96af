/** The label Argo CD's default (label) tracking puts on every object it manages. */
export const TRACKING_LABEL = 'app.kubernetes.io/instance';
/** The annotation of Argo CD's annotation tracking: `<app>:<group>/<kind>:<namespace>/<name>`. */
export const TRACKING_ID_ANNOTATION = 'argocd.argoproj.io/tracking-id';

/** An object's metadata, as far as tracking goes. */
export interface TrackedMetadata {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/**
 * The Argo CD Application that manages an object, from its tracking annotation or label, or
 * undefined when it carries neither. An app in another namespace is written `<ns>_<app>` in the
 * annotation; the app name is the part after the underscore.
 */
export function trackingAppName(
  metadata: TrackedMetadata | undefined,
): string | undefined {
  const trackingId = metadata?.annotations?.[TRACKING_ID_ANNOTATION];
  if (trackingId) {
    const app = trackingId.split(':')[0];
    const name = app.includes('_') ? app.slice(app.lastIndexOf('_') + 1) : app;
    if (name) return name;
  }
  return metadata?.labels?.[TRACKING_LABEL] || undefined;
}
