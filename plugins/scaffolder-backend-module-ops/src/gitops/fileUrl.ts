/**
 * Builds the URL of a repository file from `opsPortal.gitops.fileUrlTemplate`: `{branch}` and
 * `{path}` are replaced, each `/`-separated segment URL-encoded on its own so the slashes of
 * `services/payments/catalog-info.yaml` or `scaffolder/payments` stay path separators.
 */
export function buildFileUrl(
  template: string,
  branch: string,
  repoPath: string,
): string {
  const encode = (value: string) =>
    value.split('/').map(encodeURIComponent).join('/');
  return template
    .replaceAll('{branch}', encode(branch))
    .replaceAll('{path}', encode(repoPath));
}
