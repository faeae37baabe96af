import { Document, isMap, isSeq, parseAllDocuments } from 'yaml';
import {
  applyTrafficPolicy,
  IstioObject,
  readTrafficPolicy,
  TrafficPolicy,
  trafficPoliciesEqual,
} from '@internal/plugin-traffic-common';
import { ManifestDocument, ManifestFile } from './manifestDocuments';

type Path = Array<string | number>;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Makes the document's node at `path` hold `after`, touching only what differs from `before`:
 * maps and equally long lists are walked key by key, so comments, key order, quoting and the
 * untouched siblings stay as they were; a scalar keeps its node (and its comment).
 */
function syncNode(doc: Document, path: Path, before: unknown, after: unknown) {
  if (same(before, after)) return;
  const node = path.length === 0 ? doc.contents : doc.getIn(path, true);
  if (isPlainObject(before) && isPlainObject(after) && isMap(node)) {
    for (const key of Object.keys(before)) {
      if (!(key in after)) doc.deleteIn([...path, key]);
    }
    for (const key of Object.keys(after)) {
      syncNode(doc, [...path, key], before[key], after[key]);
    }
    return;
  }
  if (
    Array.isArray(before) &&
    Array.isArray(after) &&
    before.length === after.length &&
    isSeq(node)
  ) {
    after.forEach((value, i) => syncNode(doc, [...path, i], before[i], value));
    return;
  }
  if (after === undefined) {
    doc.deleteIn(path);
  } else if (isPlainObject(after) || Array.isArray(after)) {
    doc.setIn(path, doc.createNode(after));
  } else {
    doc.setIn(path, after);
  }
}

/** The indentation a document's source uses: its smallest indent, and whether lists are indented under their key. */
function sourceStyle(source: string): { indent: number; indentSeq: boolean } {
  const lines = source
    .split('\n')
    .filter(line => line.trim() && !line.trimStart().startsWith('#'));
  const indents = lines
    .map(line => line.length - line.trimStart().length)
    .filter(n => n > 0);
  const indent = indents.length ? Math.min(...indents) : 2;
  let indentSeq = true;
  for (let i = 1; i < lines.length; i++) {
    const previous = lines[i - 1];
    const line = lines[i];
    if (previous.trimEnd().endsWith(':') && line.trimStart().startsWith('- ')) {
      const keyIndent = previous.length - previous.trimStart().length;
      indentSeq = line.length - line.trimStart().length > keyIndent;
      break;
    }
  }
  return { indent: Math.max(1, Math.min(indent, 8)), indentSeq };
}

/** A file whose text an edit changes. */
export interface EditedFile {
  path: string;
  before: string;
  after: string;
}

/**
 * Applies a policy to the VirtualService and DestinationRule documents of the GitOps manifests,
 * editing the YAML text with the `yaml` Document API: every other document of the file is kept
 * byte for byte, and inside the two documents only the subtrees the policy changes are set
 * (comments, key order and formatting stay). Answers the files whose text changed. Checks its own
 * work: the edited documents must read back as the policy.
 */
export function editManifests(options: {
  files: ManifestFile[];
  virtualService: ManifestDocument;
  destinationRule: ManifestDocument;
  policy: TrafficPolicy;
}): EditedFile[] {
  const { virtualService, destinationRule, policy } = options;
  const updated = applyTrafficPolicy(
    virtualService.object,
    destinationRule.object,
    policy,
  );
  const targets = [
    { doc: virtualService, after: updated.virtualService },
    { doc: destinationRule, after: updated.destinationRule },
  ];
  const edited: EditedFile[] = [];
  for (const file of options.files) {
    const mine = targets.filter(t => t.doc.path === file.path);
    if (mine.length === 0) continue;
    const docs = parseAllDocuments(file.text);
    if (!Array.isArray(docs)) continue;
    const touched = new Set<number>();
    for (const { doc, after } of mine) {
      const document = docs[doc.index];
      const before = document.toJS() as IstioObject;
      if (!same(before, after)) {
        syncNode(document, [], before, after);
        touched.add(doc.index);
      }
    }
    const text = docs
      .map((document, i) => {
        // The first document also owns what precedes it (a leading comment is its commentBefore).
        const start = i === 0 ? 0 : document.range[0];
        const end =
          i + 1 < docs.length ? docs[i + 1].range[0] : file.text.length;
        const source = file.text.slice(start, end);
        if (!touched.has(i)) return source;
        return document.toString({ lineWidth: 0, ...sourceStyle(source) });
      })
      .join('');
    if (text !== file.text) {
      edited.push({ path: file.path, before: file.text, after: text });
    }
  }
  verifyEdit(options, edited);
  return edited;
}

function verifyEdit(
  options: {
    files: ManifestFile[];
    virtualService: ManifestDocument;
    destinationRule: ManifestDocument;
    policy: TrafficPolicy;
  },
  edited: EditedFile[],
) {
  const textOf = (filePath: string) =>
    edited.find(e => e.path === filePath)?.after ??
    options.files.find(f => f.path === filePath)!.text;
  const objectOf = (doc: ManifestDocument) =>
    (parseAllDocuments(textOf(doc.path)) as Document[])[
      doc.index
    ].toJS() as IstioObject;
  const result = readTrafficPolicy(
    objectOf(options.virtualService),
    objectOf(options.destinationRule),
  );
  if (!trafficPoliciesEqual(result, options.policy)) {
    throw new Error(
      `Editing ${options.virtualService.path} did not produce the requested policy`,
    );
  }
  for (const file of edited) {
    const before = parseAllDocuments(file.before) as Document[];
    const after = parseAllDocuments(file.after) as Document[];
    const targets = [options.virtualService, options.destinationRule]
      .filter(d => d.path === file.path)
      .map(d => d.index);
    if (
      before.length !== after.length ||
      before.some(
        (d, i) => !targets.includes(i) && !same(d.toJS(), after[i].toJS()),
      )
    ) {
      throw new Error(
        `Editing ${file.path} changed documents it must not touch`,
      );
    }
  }
}
