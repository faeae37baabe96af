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

/**
 * True when two clone URLs name the same repository: scheme and host compared case-insensitively,
 * a trailing `/` or `.git` ignored.
 */
export function sameRepository(a: string, b: string): boolean {
  const normalize = (value: string) => {
    const trimmed = value
      .trim()
      .replace(/\/+$/, '')
      .replace(/\.git$/, '');
    try {
      const url = new URL(trimmed);
      return `${url.protocol}//${url.host.toLowerCase()}${url.pathname}`;
    } catch {
      return trimmed;
    }
  };
  return normalize(a) === normalize(b);
}

/**
 * An Application's source path as a repository directory (`''` for the root), or undefined when
 * it leaves the repository.
 */
export function repositoryDirectory(
  sourcePath: string | undefined,
): string | undefined {
  const parts = (sourcePath ?? '')
    .split('/')
    .filter(part => part !== '' && part !== '.');
  if (parts.some(part => part === '..')) return undefined;
  return parts.join('/');
}
