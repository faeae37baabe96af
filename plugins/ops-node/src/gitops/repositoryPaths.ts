/**
 * True when two clone URLs name the same repository: scheme and host compared case-insensitively,
 * a trailing `/` or `.git` ignored. Used to check that an Argo CD Application's `repoURL` is the
 * GitOps repository of `opsPortal.gitops.repoUrl`.
 * @public
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
 * @public
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
