import { stringify } from 'yaml';

/** One YAML document of a manifest file, with an optional comment above it. @public */
export interface ManifestDocument {
  comment?: string;
  object: { apiVersion: string; kind: string };
}

/** One file of the GitOps repository: its path, a header comment and its documents. @public */
export interface ManifestFile {
  /** Path relative to the repository root, `/`-separated. */
  path: string;
  /** What the file is; written as `#` lines at its top. */
  header: string;
  documents: ManifestDocument[];
}

const LEADING_KEYS = ['apiVersion', 'kind', 'metadata'];

function withLeadingKeys(object: object): Record<string, unknown> {
  const entries = Object.entries(object);
  const rank = (key: string) => {
    const index = LEADING_KEYS.indexOf(key);
    return index === -1 ? LEADING_KEYS.length : index;
  };
  // Array.prototype.sort is stable: keys after the leading three keep their build order.
  return Object.fromEntries(entries.sort(([a], [b]) => rank(a) - rank(b)));
}

function commentLines(text: string): string {
  return text
    .split('\n')
    .map(line => (line ? `# ${line}` : '#'))
    .join('\n')
    .concat('\n');
}

/**
 * Serializes one Kubernetes object. YAML 1.1 quoting is used because Kubernetes, Argo CD and
 * Kong Ingress Controller parse YAML 1.1 (`sigs.k8s.io/yaml`): a bare `yes` (the oidc plugin's
 * booleans) would otherwise arrive as `true`. Lines are never folded.
 * @public
 */
export function toYamlDocument(object: object): string {
  return stringify(withLeadingKeys(object), { version: '1.1', lineWidth: 0 });
}

/**
 * Renders a manifest file: the header comment, then each document (with its comment) separated
 * by `---`. The same input always gives the same bytes.
 * @public
 */
export function renderManifestFile(file: ManifestFile): string {
  const documents = file.documents.map(
    document =>
      (document.comment ? commentLines(document.comment) : '') +
      toYamlDocument(document.object),
  );
  return commentLines(file.header) + documents.join('---\n');
}
